using System.IO.Pipelines;
using System.Net;

namespace Proxy.Router.Forwarding;

/// <summary>
/// The downstream request body as upstream content, streamed chunk by chunk as it arrives (never buffered
/// whole), flushed after each chunk so gRPC client-streaming messages travel at once. Records the bytes
/// and the moment the body ended (Envoy starts the route timeout when the downstream request is complete).
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly PipeReader _source;
    private readonly long? _length;
    private readonly IRequestBodyObserver _observer;

    public StreamingRequestContent(PipeReader source, long? length, IRequestBodyObserver observer)
    {
        _source = source;
        _length = length;
        _observer = observer;
        if (length is { } l)
        {
            Headers.ContentLength = l;
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var result = await _source.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                await stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }

            total += buffer.Length;
            _source.AdvanceTo(buffer.End);
            _observer.OnRequestBodyData();
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }

            if (!_source.TryRead(out var more))
            {
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Data is already waiting: let the next loop write it before flushing.
                _source.AdvanceTo(more.Buffer.Start);
            }
        }

        _observer.OnRequestBodyComplete(total);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length ?? -1;
        return _length.HasValue;
    }
}
