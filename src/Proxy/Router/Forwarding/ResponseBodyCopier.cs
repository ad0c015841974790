using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Proxy.Http.Timeouts;

namespace Proxy.Router.Forwarding;

/// <summary>
/// Streams the upstream response body into the downstream response pipe as it arrives: each read is
/// flushed, so server-streaming gRPC and long polls are not held back, and memory stays one buffer deep
/// (Kestrel applies back-pressure through FlushAsync when the client reads slowly).
/// </summary>
internal static class ResponseBodyCopier
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>
    /// The first read's size. Until the response head is written, Kestrel keeps body bytes in a segment of its
    /// own, leased for the size asked: up to 4 KiB one of its pooled blocks, above that a new wrapper around an
    /// array from the shared pool, allocated for every response.
    /// </summary>
    private const int FirstChunkSize = 4 * 1024;

    /// <returns>Bytes copied, and whether the downstream went away before the end.</returns>
    /// <param name="activity">Told of every chunk (stream activity for stream_idle_timeout).</param>
    /// <remarks>
    /// A ValueTask: a small body already buffered with its head completes without allocating a task; when the copy
    /// does wait, its state machine comes from a pool (bench/README.md, "Allocation per request").
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(long Bytes, bool DownstreamGone)> CopyAsync(Stream source, PipeWriter destination, StreamTimers activity, CancellationToken cancellationToken)
    {
        long total = 0;
        var size = FirstChunkSize;
        while (true)
        {
            var memory = destination.GetMemory(size);
            size = ChunkSize;
            var read = await source.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (total, false);
            }

            destination.Advance(read);
            total += read;
            activity.Touch();
            var flush = await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flush.IsCompleted || flush.IsCanceled)
            {
                return (total, true);
            }
        }
    }
}
