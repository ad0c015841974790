using System.Buffers;
using System.Globalization;

namespace Proxy.Upstream.Http1;

/// <summary>
/// A request body on its way to the upstream: each write goes to the socket at once, wrapped as one chunk
/// (<c>size CRLF data CRLF</c>) when the length is unknown, as is when it was announced by Content-Length.
/// </summary>
internal sealed class Http1BodyWriteStream(Http1Connection connection, bool chunked) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        if (chunked)
        {
            // One write per chunk: size line, data and CRLF together.
            var frame = ArrayPool<byte>.Shared.Rent(buffer.Length + 20);
            try
            {
                buffer.Length.TryFormat(frame, out var length, "x", CultureInfo.InvariantCulture);
                "\r\n"u8.CopyTo(frame.AsSpan(length));
                buffer.Span.CopyTo(frame.AsSpan(length + 2));
                length += 2 + buffer.Length;
                "\r\n"u8.CopyTo(frame.AsSpan(length));
                await connection.WriteAsync(frame.AsMemory(0, length + 2)).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame);
            }

            return;
        }

        await connection.WriteAsync(buffer).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
