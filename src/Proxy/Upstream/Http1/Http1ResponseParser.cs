using System.Buffers;
using System.Globalization;
using System.Text;

namespace Proxy.Upstream.Http1;

/// <summary>
/// Parses an upstream response's status line and header section (RFC 9112 §4, §5) and decides its body framing
/// (§6.3). Lenient where Envoy's parser is (a bare LF ends a line; the reason phrase may be missing), strict where
/// a proxy must be: obsolete line folding, whitespace before the colon, control characters in a value, a
/// Content-Length that is not one number, or both Content-Length and Transfer-Encoding (unless
/// <c>allow_chunked_length</c>) are protocol errors.
/// </summary>
internal static class Http1ResponseParser
{
    /// <summary>tchar of RFC 9110 §5.6.2.</summary>
    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Tries to parse one response head from the start of <paramref name="buffer"/>.</summary>
    /// <param name="previous">
    /// The previous response's head on the same connection, if any. A field with the same name at the same position
    /// and the same value takes that value's string instead of a new one, as Kestrel reuses request header strings:
    /// an upstream answers with the same fields and mostly the same values every time (only Date changes, once a
    /// second), and these strings were a fifth of the bytes the proxy allocated per request (bench/README.md).
    /// </param>
    /// <returns>False when the head is not complete yet; <paramref name="consumed"/> is then 0.</returns>
    /// <exception cref="System.Net.Http.HttpRequestException">The head is malformed or too large.</exception>
    public static bool TryParse(ReadOnlySpan<byte> buffer, in Http1ParseLimits limits, bool headRequest, out int consumed, out Http1ResponseHead? head, Http1ResponseHead? previous = null)
    {
        consumed = 0;
        head = null;

        // Fields are parsed (and their strings made) only once the whole head is there.
        var end = HeadLength(buffer);
        if (end < 0)
        {
            return buffer.Length <= limits.MaxHeaderBytes
                ? false
                : throw Http1ProtocolException.Invalid($"header section larger than {limits.MaxHeaderBytes / 1024} KiB");
        }

        if (end > limits.MaxHeaderBytes)
        {
            throw Http1ProtocolException.Invalid($"header section larger than {limits.MaxHeaderBytes / 1024} KiB");
        }

        var section = buffer[..end];
        TryReadLine(section, 0, out var statusLine, out var position);
        var (status, minor) = ParseStatusLine(statusLine);
        var earlier = previous?.Headers;
        var headers = new List<KeyValuePair<string, string>>(earlier?.Count ?? 8);
        string? contentLength = null;
        var chunked = false;
        var transferEncoding = false;
        var close = false;
        var keepAliveToken = false;
        while (TryReadLine(section, position, out var line, out position) && !line.IsEmpty)
        {
            if (headers.Count >= limits.MaxHeaders)
            {
                throw Http1ProtocolException.Invalid($"more than {limits.MaxHeaders} header fields");
            }

            var field = ParseField(line, earlier is not null && headers.Count < earlier.Count ? earlier[headers.Count] : default);
            var (name, value) = (field.Key, field.Value);
            headers.Add(field);
            if (ReferenceEquals(name, "Content-Length"))
            {
                contentLength = contentLength is null || contentLength == value
                    ? value
                    : throw Http1ProtocolException.Invalid("conflicting Content-Length values");
            }
            else if (ReferenceEquals(name, "Transfer-Encoding"))
            {
                transferEncoding = true;
                chunked = LastCodingIsChunked(value);
            }
            else if (ReferenceEquals(name, "Connection"))
            {
                close |= HasToken(value, "close");
                keepAliveToken |= HasToken(value, "keep-alive");
            }
        }

        var keepAlive = !close && (minor == 1 || keepAliveToken);
        var framing = BodyFraming.UntilClose;
        long length = 0;
        if (headRequest || status is (>= 100 and < 200) or 204 or 304)
        {
            framing = BodyFraming.None;
        }
        else if (transferEncoding)
        {
            if (contentLength is not null)
            {
                if (!limits.AllowChunkedLength)
                {
                    throw Http1ProtocolException.Invalid("both Content-Length and Transfer-Encoding");
                }

                // allow_chunked_length: Transfer-Encoding wins and Content-Length is dropped (RFC 9112 §6.3).
                headers.RemoveAll(static h => ReferenceEquals(h.Key, "Content-Length"));
                keepAlive = false;
            }

            framing = chunked ? BodyFraming.Chunked : BodyFraming.UntilClose;
        }
        else if (contentLength is not null)
        {
            if (!long.TryParse(contentLength, NumberStyles.None, CultureInfo.InvariantCulture, out length))
            {
                throw Http1ProtocolException.Invalid("Content-Length is not a number");
            }

            framing = BodyFraming.ContentLength;
        }

        if (framing == BodyFraming.UntilClose)
        {
            keepAlive = false;
        }

        consumed = end;
        head = new Http1ResponseHead
        {
            StatusCode = status,
            MinorVersion = minor,
            Headers = headers,
            Framing = framing,
            ContentLength = length,
            KeepAlive = keepAlive,
        };
        return true;
    }

    /// <summary>Finds the line starting at <paramref name="start"/>, without its CRLF or LF.</summary>
    internal static bool TryReadLine(ReadOnlySpan<byte> buffer, int start, out ReadOnlySpan<byte> line, out int next)
    {
        var newline = buffer[start..].IndexOf((byte)'\n');
        if (newline < 0)
        {
            line = default;
            next = start;
            return false;
        }

        line = buffer.Slice(start, newline);
        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        next = start + newline + 1;
        return true;
    }

    /// <summary>The length of the head up to and including the empty line that ends it; -1 until it has arrived.</summary>
    private static int HeadLength(ReadOnlySpan<byte> buffer)
    {
        var position = 0;
        while (TryReadLine(buffer, position, out var line, out position))
        {
            if (line.IsEmpty)
            {
                return position;
            }
        }

        return -1;
    }

    private static (int Status, int Minor) ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[7] is not ((byte)'0' or (byte)'1') || line[8] != ' '
            || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11]) || (line.Length > 12 && line[12] != ' '))
        {
            throw Http1ProtocolException.Invalid("bad status line");
        }

        var status = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        if (status < 100)
        {
            throw Http1ProtocolException.Invalid("bad status code");
        }

        return (status, line[7] - '0');
    }

    /// <summary>Parses one <c>name: value</c> line of a header or trailer section.</summary>
    /// <param name="reuse">A field whose strings are taken when its name and value are the same as this line's.</param>
    internal static KeyValuePair<string, string> ParseField(ReadOnlySpan<byte> line, KeyValuePair<string, string> reuse = default)
    {
        if (line[0] is (byte)' ' or (byte)'\t')
        {
            throw Http1ProtocolException.Invalid("obsolete line folding");
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            throw Http1ProtocolException.Invalid("header line without a name");
        }

        var name = line[..colon];
        if (name.ContainsAnyExcept(TokenChars))
        {
            throw Http1ProtocolException.Invalid("bad character in a header name");
        }

        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (value.IndexOfAny((byte)'\r', (byte)'\n', (byte)0) >= 0)
        {
            throw Http1ProtocolException.Invalid("control character in a header value");
        }

        var key = reuse.Key is not null && Ascii.Equals(name, reuse.Key) ? reuse.Key : KnownResponseHeaderNames.Get(name);
        if (ReferenceEquals(key, reuse.Key) && Ascii.Equals(value, reuse.Value))
        {
            return reuse;
        }

        return new(key, Latin1(value));
    }

    private static string Latin1(ReadOnlySpan<byte> value) => value.IsEmpty ? string.Empty : Encoding.Latin1.GetString(value);

    private static bool LastCodingIsChunked(string value)
    {
        var span = value.AsSpan().TrimEnd(" \t");
        var comma = span.LastIndexOf(',');
        return span[(comma + 1)..].Trim(" \t").Equals("chunked", StringComparison.OrdinalIgnoreCase);
    }

    private static bool HasToken(string value, string token)
    {
        foreach (var range in value.AsSpan().Split(','))
        {
            if (value.AsSpan()[range].Trim(" \t").Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
