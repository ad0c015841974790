using System.Text;

namespace Proxy.Logging;

/// <summary>The three escapings Envoy applies to application logs.</summary>
public static class LogEscaping
{
    /// <summary>%_ : newlines written as "\n" so a message stays on one line (Envoy's EscapeMessageNewLine).</summary>
    public static void AppendNewlineEscaped(StringBuilder output, string message)
    {
        foreach (var c in message)
        {
            if (c == '\n')
            {
                output.Append("\\n");
            }
            else
            {
                output.Append(c);
            }
        }
    }

    /// <summary>%j : the message as the inside of a JSON string (Envoy's JsonEscaper).</summary>
    public static void AppendJsonEscaped(StringBuilder output, string message)
    {
        foreach (var c in message)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        output.Append("\\u00").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// <c>--log-format-escaped</c>: the whole formatted line C-escaped (absl::CEscape over its UTF-8 bytes:
    /// \n \r \t \" \' \\ and every other non-printable or non-ASCII byte as a 3-digit octal escape).
    /// </summary>
    public static string CEscape(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var output = new StringBuilder(bytes.Length + 16);
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\n': output.Append("\\n"); break;
                case (byte)'\r': output.Append("\\r"); break;
                case (byte)'\t': output.Append("\\t"); break;
                case (byte)'"': output.Append("\\\""); break;
                case (byte)'\'': output.Append("\\'"); break;
                case (byte)'\\': output.Append("\\\\"); break;
                default:
                    if (b < 0x20 || b >= 0x7f)
                    {
                        output.Append('\\').Append((char)('0' + (b >> 6))).Append((char)('0' + ((b >> 3) & 7))).Append((char)('0' + (b & 7)));
                    }
                    else
                    {
                        output.Append((char)b);
                    }

                    break;
            }
        }

        return output.ToString();
    }
}
