using System.Globalization;
using System.Text;

namespace Proxy.Upstream.Http1;

/// <summary>
/// The body of one upstream response as a read-only stream, decoded from its framing: Content-Length bytes,
/// chunks (with their trailers collected in <see cref="Trailers"/>), or everything until the upstream closes.
/// Returns 0 at the body's end; <see cref="Complete"/> then says the connection stands at a message boundary.
/// </summary>
internal sealed class Http1ResponseBody : Stream
{
    private const int MaxLineLength = 8 * 1024;

    private readonly Http1Connection _connection;
    private readonly BodyFraming _framing;
    private readonly int _maxTrailers;
    private long _remaining;
    private bool _chunkDataEnds;
    private bool _complete;

    public Http1ResponseBody(Http1Connection connection, Http1ResponseHead head, int maxTrailers)
    {
        _connection = connection;
        _framing = head.Framing;
        _remaining = head.ContentLength;
        _maxTrailers = maxTrailers;
        _complete = _framing == BodyFraming.None || (_framing == BodyFraming.ContentLength && _remaining == 0);
    }

    /// <summary>True once the whole body was read.</summary>
    public bool Complete
    {
        get => _complete;
        private set
        {
            _complete = value;
            if (value)
            {
                Owner?.Release();
            }
        }
    }

    /// <summary>The response this body belongs to, told when the body is complete so it frees the connection at once.</summary>
    internal Http1Response? Owner { get; set; }

    /// <summary>Trailer fields of a chunked body, once it is complete; null when there were none.</summary>
    public List<KeyValuePair<string, string>>? Trailers { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Complete || buffer.IsEmpty)
        {
            return 0;
        }

        switch (_framing)
        {
            case BodyFraming.ContentLength:
            {
                var read = await ReadRemainingAsync(buffer).ConfigureAwait(false);
                Complete = _remaining == 0;
                return read;
            }

            case BodyFraming.UntilClose:
            {
                var read = await _connection.ReadAsync(buffer).ConfigureAwait(false);
                Complete = read == 0;
                return read;
            }

            default:
                return await ReadChunkedAsync(buffer).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Parses a chunk-size line: hex digits, then optional whitespace and extensions (ignored).</summary>
    internal static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var digits = (semicolon < 0 ? line : line[..semicolon]).Trim(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15
            || !long.TryParse(Encoding.ASCII.GetString(digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw Http1ProtocolException.Invalid("bad chunk size");
        }

        return size;
    }

    private async ValueTask<int> ReadChunkedAsync(Memory<byte> buffer)
    {
        while (true)
        {
            if (_remaining > 0)
            {
                var read = await ReadRemainingAsync(buffer).ConfigureAwait(false);
                _chunkDataEnds = _remaining == 0;
                return read;
            }

            if (_chunkDataEnds)
            {
                var end = await _connection.ReadLineAsync(MaxLineLength).ConfigureAwait(false);
                if (!end.IsEmpty)
                {
                    throw Http1ProtocolException.Invalid("chunk data not followed by CRLF");
                }

                _chunkDataEnds = false;
            }

            var size = ParseChunkSize((await _connection.ReadLineAsync(MaxLineLength).ConfigureAwait(false)).Span);
            if (size == 0)
            {
                await ReadTrailersAsync().ConfigureAwait(false);
                Complete = true;
                return 0;
            }

            _remaining = size;
        }
    }

    /// <summary>Reads up to the bytes still owed (of the body or of the current chunk); the connection ending first is an error.</summary>
    private async ValueTask<int> ReadRemainingAsync(Memory<byte> buffer)
    {
        var read = await _connection.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)]).ConfigureAwait(false);
        if (read == 0)
        {
            throw Http1ProtocolException.Ended();
        }

        _remaining -= read;
        return read;
    }

    private async ValueTask ReadTrailersAsync()
    {
        while (true)
        {
            var line = await _connection.ReadLineAsync(MaxLineLength).ConfigureAwait(false);
            if (line.IsEmpty)
            {
                return;
            }

            Trailers ??= [];
            if (Trailers.Count >= _maxTrailers)
            {
                throw Http1ProtocolException.Invalid($"more than {_maxTrailers} trailer fields");
            }

            Trailers.Add(Http1ResponseParser.ParseField(line.Span));
        }
    }
}
