namespace Proxy.Filters.Formatting;

/// <summary>
/// JSON string escaping for log output: quote, backslash and control characters are escaped (RFC 8259 §7);
/// everything else, non-ASCII included, is written as is and encoded as UTF-8 by the sink.
/// </summary>
internal static class JsonText
{
    private const string Hex = "0123456789abcdef";

    public static void AppendQuoted(ReadOnlySpan<char> value, LogBuffer output)
    {
        output.Append('"');
        AppendEscaped(value, output);
        output.Append('"');
    }

    public static void AppendEscaped(ReadOnlySpan<char> value, LogBuffer output)
    {
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            output.Append(value[runStart..i]);
            runStart = i + 1;
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '\r':
                    output.Append("\\r");
                    break;
                case '\t':
                    output.Append("\\t");
                    break;
                case '\b':
                    output.Append("\\b");
                    break;
                case '\f':
                    output.Append("\\f");
                    break;
                default:
                    output.Append("\\u00");
                    output.Append(Hex[c >> 4]);
                    output.Append(Hex[c & 0xf]);
                    break;
            }
        }

        output.Append(value[runStart..]);
    }
}
