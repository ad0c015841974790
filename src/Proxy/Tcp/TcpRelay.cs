using System.IO.Pipelines;
using System.Net.Sockets;

namespace Proxy.Tcp;

/// <summary>
/// Copies bytes between the downstream connection's pipe and the upstream socket until both directions
/// ended, honouring half-close: a FIN from one side is passed on as a shutdown of our write side to the
/// other, and the relay keeps carrying the other direction (Envoy's tcp_proxy does the same). Traffic in
/// either direction pushes back the idle timeout; when it passes with nothing moved, both sides are closed.
/// Traffic only records when it moved (a timestamp); the one timer, when due, re-arms itself for the time
/// left since the last bytes, so a read costs no timer operation (bench/README.md, "tcp: the idle timer off the read path").
/// </summary>
internal sealed class TcpRelay
{
    private const int ChunkSize = 16 * 1024;
    private readonly IDuplexPipe _downstream;
    private readonly Socket _upstream;
    private readonly CancellationTokenSource _idle = new();
    private readonly long _idleTicks;
    private readonly TimeProvider _time;
    private readonly ITimer? _idleTimer;
    private long _lastActivity;

    public TcpRelay(IDuplexPipe downstream, Socket upstream, TimeSpan idleTimeout, TimeProvider time)
    {
        _downstream = downstream;
        _upstream = upstream;
        _time = time;
        _lastActivity = time.GetTimestamp();
        if (idleTimeout > TimeSpan.Zero)
        {
            _idleTicks = (long)(idleTimeout.TotalSeconds * time.TimestampFrequency);
            _idleTimer = time.CreateTimer(static s => ((TcpRelay)s!).OnIdleTimer(), this, idleTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    public long BytesFromDownstream { get; private set; }

    public long BytesFromUpstream { get; private set; }

    /// <summary>True when the relay ended because nothing moved for idle_timeout.</summary>
    public bool TimedOut { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_idle.Token, stop);
        var up = DownstreamToUpstreamAsync(linked.Token);
        var down = UpstreamToDownstreamAsync(linked.Token);
        await Task.WhenAll(up, down).ConfigureAwait(false);
        if (_idleTimer is not null)
        {
            await _idleTimer.DisposeAsync().ConfigureAwait(false);
        }

        TimedOut = _idle.IsCancellationRequested;
        _idle.Dispose();
    }

    private async Task DownstreamToUpstreamAsync(CancellationToken token)
    {
        var input = _downstream.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    await _upstream.SendAsync(segment, SocketFlags.None, token).ConfigureAwait(false);
                }

                BytesFromDownstream += buffer.Length;
                input.AdvanceTo(buffer.End);
                Touch(buffer.Length);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            // The client finished sending: pass the FIN on, keep reading the upstream's answer.
            _upstream.Shutdown(SocketShutdown.Send);
        }
        catch (Exception)
        {
            Abort();
        }
    }

    private async Task UpstreamToDownstreamAsync(CancellationToken token)
    {
        var output = _downstream.Output;
        try
        {
            while (true)
            {
                var memory = output.GetMemory(ChunkSize);
                var read = await _upstream.ReceiveAsync(memory, SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                output.Advance(read);
                BytesFromUpstream += read;
                Touch(read);
                var flush = await output.FlushAsync(token).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }

            await output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            Abort();
        }
    }

    private void Touch(long bytes)
    {
        if (bytes > 0 && _idleTimer is not null)
        {
            Volatile.Write(ref _lastActivity, _time.GetTimestamp());
        }
    }

    /// <summary>The idle timeout passed since the timer was armed: close, or wait for what is left since the last bytes.</summary>
    private void OnIdleTimer()
    {
        var idleFor = _time.GetTimestamp() - Volatile.Read(ref _lastActivity);
        if (idleFor < _idleTicks)
        {
            try
            {
                _idleTimer!.Change(TimeSpan.FromSeconds((double)(_idleTicks - idleFor) / _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The relay ended meanwhile.
            }

            return;
        }

        try
        {
            _idle.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Abort()
    {
        try
        {
            _upstream.Close();
        }
        catch (ObjectDisposedException)
        {
        }

        _downstream.Input.CancelPendingRead();
        _downstream.Output.CancelPendingFlush();
    }
}
