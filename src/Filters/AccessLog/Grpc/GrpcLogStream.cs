using System.Collections.Concurrent;
using Envoy.Data.Accesslog.V3;
using Envoy.Service.Accesslog.V3;
using Google.Protobuf;
using Proxy.Xds.Grpc;

namespace Proxy.Filters.AccessLog.Grpc;

/// <summary>
/// The client-streaming StreamAccessLogs call of one gRPC access logger (envoy.service.accesslog.v3): entries
/// are buffered and sent every buffer_flush_interval, or sooner when buffer_size_bytes is reached; the first
/// message of each stream carries the identifier (node and log_name). A stream that failed is reopened at the next
/// flush; the entries of a batch that could not be sent are dropped and counted, as Envoy's logger does — access
/// logging never holds up traffic.
/// </summary>
public sealed class GrpcLogStream : IAsyncDisposable
{
    private const string Method = "/envoy.service.accesslog.v3.AccessLogService/StreamAccessLogs";

    private readonly Func<GrpcChannel?> _channel;
    private readonly Envoy.Config.Core.V3.Node _node;
    private readonly string _logName;
    private readonly int _bufferBytes;
    private readonly ConcurrentQueue<IMessage> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _timer;
    private GrpcDuplexCall? _call;
    private int _pendingBytes;
    private long _written;
    private long _dropped;

    public GrpcLogStream(Func<GrpcChannel?> channel, Envoy.Config.Core.V3.Node node, string logName, TimeSpan flushInterval, int bufferBytes, TimeProvider time)
    {
        _channel = channel;
        _node = node;
        _logName = logName;
        _bufferBytes = bufferBytes;
        _timer = time.CreateTimer(static s => _ = ((GrpcLogStream)s!).FlushAsync(), this, flushInterval, flushInterval);
    }

    /// <summary>Entries delivered to the stream (Envoy's logs_written).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Entries dropped because the service could not be reached (Envoy's logs_dropped).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Enqueue(IMessage entry)
    {
        _pending.Enqueue(entry);
        if (Interlocked.Add(ref _pendingBytes, entry.CalculateSize()) >= _bufferBytes)
        {
            _ = FlushAsync();
        }
    }

    public async Task FlushAsync()
    {
        if (_pending.IsEmpty || !await _flushing.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var message = new StreamAccessLogsMessage();
            var count = 0;
            while (_pending.TryDequeue(out var entry))
            {
                Interlocked.Add(ref _pendingBytes, -entry.CalculateSize());
                if (entry is HTTPAccessLogEntry http)
                {
                    (message.HttpLogs ??= new StreamAccessLogsMessage.Types.HTTPAccessLogEntries()).LogEntry.Add(http);
                }
                else if (entry is TCPAccessLogEntry tcp)
                {
                    (message.TcpLogs ??= new StreamAccessLogsMessage.Types.TCPAccessLogEntries()).LogEntry.Add(tcp);
                }

                count++;
            }

            if (count == 0)
            {
                return;
            }

            try
            {
                var call = _call;
                if (call is null || call.Status.IsCompleted)
                {
                    call = Open();
                    if (call is null)
                    {
                        Interlocked.Add(ref _dropped, count);
                        return;
                    }

                    message.Identifier = new StreamAccessLogsMessage.Types.Identifier { Node = _node, LogName = _logName };
                }

                await call.WriteAsync(message).ConfigureAwait(false);
                Interlocked.Add(ref _written, count);
            }
            catch (Exception e) when (e is GrpcException or IOException or HttpRequestException or OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                Interlocked.Add(ref _dropped, count);
                _call = null;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await FlushAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_call is { } call)
        {
            call.CompleteWrites();
            await call.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private GrpcDuplexCall? Open()
    {
        if (_channel() is not { } channel)
        {
            return null;
        }

        var call = channel.StartDuplex(Method, _stop.Token);
        _call = call;

        // Watch the call: when the server ends it (or it never connects), the next flush opens a new one.
        _ = WatchAsync(call);
        return call;
    }

    private static async Task WatchAsync(GrpcDuplexCall call)
    {
        try
        {
            while (await call.ReadAsync(StreamAccessLogsResponse.Parser).ConfigureAwait(false) is not null)
            {
            }
        }
        catch (Exception e) when (e is GrpcException or IOException or HttpRequestException or OperationCanceledException or InvalidProtocolBufferException)
        {
        }
    }
}
