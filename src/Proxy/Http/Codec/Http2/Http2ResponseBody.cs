using System.Buffers;
using System.IO.Pipelines;

namespace Proxy.Http.Codec.Http2;

/// <summary>
/// The response body as the application writes it: one growable buffer, turned into DATA frames when the
/// application flushes (<see cref="Http2Stream.SendBodyAsync"/>), within the peer's windows and frame size.
/// The buffer stays with the stream for its next request on the connection.
/// </summary>
internal sealed class Http2ResponseBody(Http2Stream stream) : PipeWriter
{
    private const int MinimumSize = 4096;

    private byte[] _buffer = [];
    private int _written;

    public ReadOnlyMemory<byte> Buffered => _buffer.AsMemory(0, _written);

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _written;

    public void Clear() => _written = 0;

    /// <summary>Gives the buffer back to the pool (the connection is closing).</summary>
    public void Release()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        _written = 0;
    }

    public override void Advance(int bytes)
    {
        if ((uint)bytes > (uint)(_buffer.Length - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes));
        }

        _written += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        stream.SendBodyAsync(endStream: false);

    public override void CancelPendingFlush()
    {
    }

    /// <summary>Completing the writer ends the response, as Kestrel's does; with an exception, resets the stream.</summary>
    public override void Complete(Exception? exception = null) => _ = CompleteAsync(exception).AsTask();

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (exception is not null)
        {
            stream.Reset(Http2ErrorCode.InternalError);
            return;
        }

        await stream.SendBodyAsync(endStream: true).ConfigureAwait(false);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_written + needed, Math.Max(MinimumSize, _buffer.Length * 2)));
        _buffer.AsSpan(0, _written).CopyTo(grown);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = grown;
    }
}
