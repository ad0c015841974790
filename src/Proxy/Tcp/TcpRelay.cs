using System.IO.Pipelines;
using System.Net.Sockets;

namespace Proxy.Tcp;

/// <summary>
/// Copies bytes between the downstream connection's pipe and the upstream socket until both directions
/// ended, honouring half-close: a FIN from one side is passed on as a shutdown of our write side to the
/// other, and the relay keeps carrying the other direction (Envoy's tcp_proxy does the same). The idle
/// timer is pushed back by traffic in either direction; when it fires both sides are closed.
/// </summary>
internal sealed class TcpRelay
{
    private const int ChunkSize = 16 * 1024;
    private readonly IDuplexPipe _downstream;
    private readonly Socket _upstream;
    private readonly CancellationTokenSource _idle;
    private readonly TimeSpan _idleTimeout;

    public TcpRelay(IDuplexPipe downstream, Socket upstream, TimeSpan idleTimeout, TimeProvider time)
    {
        _downstream = downstream;
        _upstream = upstream;
        _idleTimeout = idleTimeout;
        _idle = idleTimeout > TimeSpan.Zero ? new CancellationTokenSource(idleTimeout, time) : new CancellationTokenSource();
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
        if (bytes > 0 && _idleTimeout > TimeSpan.Zero && !_idle.IsCancellationRequested)
        {
            _idle.CancelAfter(_idleTimeout);
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
