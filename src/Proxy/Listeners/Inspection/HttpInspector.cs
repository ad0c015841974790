using System.Buffers;

namespace Proxy.Listeners.Inspection;

/// <summary>
/// envoy.filters.listener.http_inspector: tells from the first bytes whether a plaintext connection speaks
/// HTTP/2 with prior knowledge (the 24-byte client preface, RFC 9113 §3.4) → "h2c", or HTTP/1.x (a valid
/// request line) → "http/1.1" / "http/1.0"; anything else sets no application protocol.
/// </summary>
internal static class HttpInspector
{
    public const string H2c = "h2c";
    public const string Http11 = "http/1.1";
    public const string Http10 = "http/1.0";

    /// <summary>Envoy gives up on finding the request line after this many bytes.</summary>
    private const int MaxRequestLine = 8192;

    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    public static PeekVerdict Inspect(in ReadOnlySequence<byte> data, out string? protocol)
    {
        protocol = null;
        Span<byte> head = stackalloc byte[24];
        var headLength = (int)Math.Min(data.Length, head.Length);
        data.Slice(0, headLength).CopyTo(head);
        head = head[..headLength];

        if (Preface.StartsWith(head))
        {
            if (headLength < Preface.Length)
            {
                return PeekVerdict.NeedMoreData;
            }

            protocol = H2c;
            return PeekVerdict.Done;
        }

        var lineEnd = FindCrLf(data);
        if (lineEnd < 0)
        {
            if (data.Length >= MaxRequestLine || !LooksLikeMethodPrefix(head))
            {
                return PeekVerdict.Done;
            }

            return PeekVerdict.NeedMoreData;
        }

        protocol = ParseVersion(data.Slice(0, lineEnd));
        return PeekVerdict.Done;
    }

    /// <summary>HCM codec AUTO: HTTP/2 iff the connection starts with the client preface.</summary>
    public static PeekVerdict DetectHttp2Preface(in ReadOnlySequence<byte> data, out bool isHttp2)
    {
        Span<byte> head = stackalloc byte[24];
        var headLength = (int)Math.Min(data.Length, head.Length);
        data.Slice(0, headLength).CopyTo(head);
        isHttp2 = false;
        if (!Preface.StartsWith(head[..headLength]))
        {
            return PeekVerdict.Done;
        }

        if (headLength < Preface.Length)
        {
            return PeekVerdict.NeedMoreData;
        }

        isHttp2 = true;
        return PeekVerdict.Done;
    }

    private static long FindCrLf(in ReadOnlySequence<byte> data)
    {
        var reader = new SequenceReader<byte>(data);
        if (reader.TryAdvanceTo((byte)'\n', advancePastDelimiter: false))
        {
            var index = reader.Consumed;
            return index > 0 ? index - 1 : -1;
        }

        return -1;
    }

    private static bool LooksLikeMethodPrefix(ReadOnlySpan<byte> head)
    {
        // A request line starts with a token (RFC 9110 §5.6.2); stop early on binary data.
        foreach (var b in head)
        {
            if (b == (byte)' ')
            {
                return true;
            }

            if (b < 0x21 || b > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private static string? ParseVersion(ReadOnlySequence<byte> line)
    {
        if (line.Length < 14 || line.Length > MaxRequestLine)
        {
            return null;
        }

        var bytes = line.ToArray();
        var span = bytes.AsSpan();
        if (span[^1] == (byte)'\r')
        {
            span = span[..^1];
        }

        var firstSpace = span.IndexOf((byte)' ');
        var lastSpace = span.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            return null;
        }

        var version = span[(lastSpace + 1)..];
        if (version.SequenceEqual("HTTP/1.1"u8))
        {
            return Http11;
        }

        return version.SequenceEqual("HTTP/1.0"u8) ? Http10 : null;
    }
}
