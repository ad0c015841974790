using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Proxy.Http.Codec.Http2.Hpack;

namespace Proxy.Http.Codec.Http2;

/// <summary>
/// Turns a request's decoded header block into the pseudo-headers and the header dictionary the request
/// features expose, checking RFC 9113 §8.2 and §8.3 as it goes: lowercase names of token characters,
/// pseudo-headers first, once each and only the request ones, no connection-specific fields, <c>te</c> only
/// "trailers", no CR, LF or NUL in values. The first fault is kept in <see cref="Malformed"/>; fields after it
/// are still decoded (HPACK state must advance) but not kept.
/// </summary>
internal sealed class Http2RequestHeaderSink : IHpackHeaderSink
{
    private readonly int _maxHeaderCount;
    private IHeaderDictionary _headers = new HeaderDictionary();
    private bool _regularSeen;
    private int _count;

    public Http2RequestHeaderSink(int maxHeaderCount) => _maxHeaderCount = maxHeaderCount;

    public string? Method { get; private set; }

    public string? Scheme { get; private set; }

    public string? Authority { get; private set; }

    public string? Path { get; private set; }

    public string? Protocol { get; private set; }

    /// <summary>Why the block is malformed (a stream error), or null.</summary>
    public string? Malformed { get; private set; }

    /// <summary>More fields than max_headers_count: the request gets 431, as an HTTP/1 one does.</summary>
    public bool TooManyHeaders { get; private set; }

    /// <summary>True while decoding trailers: no pseudo-header may appear (§8.1).</summary>
    public bool Trailers { get; private set; }

    /// <summary>Starts a block whose regular fields go to <paramref name="headers"/>.</summary>
    public void Reset(IHeaderDictionary headers, bool trailers)
    {
        _headers = headers;
        Trailers = trailers;
        _regularSeen = false;
        _count = 0;
        Method = Scheme = Authority = Path = Protocol = Malformed = null;
        TooManyHeaders = false;
    }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (Malformed is not null)
        {
            return;
        }

        if (name.IsEmpty)
        {
            Malformed = "empty header name";
            return;
        }

        if (value.IndexOfAny((byte)0, (byte)'\r', (byte)'\n') >= 0)
        {
            Malformed = "CR, LF or NUL in a header value";
            return;
        }

        if (name[0] == (byte)':')
        {
            OnPseudoHeader(name, value);
            return;
        }

        _regularSeen = true;
        if (!IsLowercaseToken(name))
        {
            Malformed = "header name not a lowercase token";
            return;
        }

        var known = Http2HeaderNames.Find(name);
        if (known is { IsConnectionSpecific: true })
        {
            Malformed = "connection-specific header " + known.Name;
            return;
        }

        if (known == Http2HeaderNames.Te && !value.SequenceEqual("trailers"u8))
        {
            Malformed = "te other than trailers";
            return;
        }

        if (++_count > _maxHeaderCount)
        {
            TooManyHeaders = true;
            return;
        }

        var key = known?.Name ?? Encoding.Latin1.GetString(name);
        var text = Encoding.Latin1.GetString(value);
        if (_headers.TryGetValue(key, out var existing))
        {
            // Cookie crumbs are joined back into one field for HTTP/1.1 peers (§8.2.3).
            _headers[key] = known == Http2HeaderNames.Cookie
                ? new StringValues(existing.ToString() + "; " + text)
                : StringValues.Concat(existing, text);
        }
        else
        {
            _headers[key] = text;
        }
    }

    private void OnPseudoHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (Trailers || _regularSeen)
        {
            Malformed = Trailers ? "pseudo-header in trailers" : "pseudo-header after a regular header";
            return;
        }

        if (name.SequenceEqual(":method"u8) && Method is null)
        {
            Method = HttpMethods.GetCanonicalizedValue(Encoding.Latin1.GetString(value));
        }
        else if (name.SequenceEqual(":scheme"u8) && Scheme is null)
        {
            Scheme = value.SequenceEqual("http"u8) ? "http" : value.SequenceEqual("https"u8) ? "https" : Encoding.Latin1.GetString(value);
        }
        else if (name.SequenceEqual(":authority"u8) && Authority is null)
        {
            Authority = Encoding.Latin1.GetString(value);
        }
        else if (name.SequenceEqual(":path"u8) && Path is null)
        {
            Path = Encoding.Latin1.GetString(value);
        }
        else if (name.SequenceEqual(":protocol"u8) && Protocol is null)
        {
            Protocol = Encoding.Latin1.GetString(value);
        }
        else
        {
            Malformed = "unknown or repeated pseudo-header";
        }
    }

    /// <summary>RFC 9110 §5.6.2 token characters, with no uppercase letter (RFC 9113 §8.2.1).</summary>
    private static bool IsLowercaseToken(ReadOnlySpan<byte> name)
    {
        foreach (var c in name)
        {
            var ok = c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*'
                or (byte)'+' or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
