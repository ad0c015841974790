namespace Bench.Floor;

/// <summary>
/// What the forwarder reads from an HTTP/1.1 head, and nothing more: where the head ends and how long the
/// body after it is. Chunked bodies, and responses delimited by the connection's close, are not supported
/// (-1): the harness's upstreams (nginx files, fortio's echo) send Content-Length.
/// </summary>
public static class HeadScanner
{
    /// <summary>The head's length including its blank line, or -1 while it is incomplete.</summary>
    public static int HeadLength(ReadOnlySpan<byte> buffer)
    {
        var end = buffer.IndexOf("\r\n\r\n"u8);
        return end < 0 ? -1 : end + 4;
    }

    /// <summary>A request's body length: Content-Length, or 0 without one; -1 when chunked or malformed.</summary>
    public static long RequestBodyLength(ReadOnlySpan<byte> head) => BodyLength(head, whenAbsent: 0);

    /// <summary>
    /// A response's body length: 0 for 1xx, 204 and 304; else Content-Length; -1 when chunked, malformed or
    /// without a length (the forwarder cannot tell where such a body ends).
    /// </summary>
    public static long ResponseBodyLength(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 204 ..." : the status code is at 9..11.
        if (head.Length >= 12 && (head[9] == '1' || head[9..12].SequenceEqual("204"u8) || head[9..12].SequenceEqual("304"u8)))
        {
            return 0;
        }

        return BodyLength(head, whenAbsent: -1);
    }

    private static long BodyLength(ReadOnlySpan<byte> head, long whenAbsent)
    {
        var length = whenAbsent;
        var line = head.IndexOf("\r\n"u8);
        if (line < 0)
        {
            return -1;
        }

        var rest = head[(line + 2)..];
        while (true)
        {
            var end = rest.IndexOf("\r\n"u8);
            if (end <= 0)
            {
                return length;
            }

            var field = rest[..end];
            rest = rest[(end + 2)..];
            var colon = field.IndexOf((byte)':');
            if (colon <= 0)
            {
                return -1;
            }

            var name = field[..colon];
            if (System.Text.Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                return -1;
            }

            if (System.Text.Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                length = ParseLength(field[(colon + 1)..].Trim((byte)' '));
                if (length < 0)
                {
                    return -1;
                }
            }
        }
    }

    private static long ParseLength(ReadOnlySpan<byte> digits)
    {
        if (digits.IsEmpty || digits.Length > 18)
        {
            return -1;
        }

        long value = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return -1;
            }

            value = (value * 10) + (b - '0');
        }

        return value;
    }
}
