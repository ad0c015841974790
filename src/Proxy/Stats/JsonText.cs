using System.Text;

namespace Proxy.Stats;

/// <summary>Minimal JSON writing for the admin stats (strings escaped per RFC 8259 §7; NaN as null, as Envoy).</summary>
internal static class JsonText
{
    public static void WriteString(TextWriter writer, string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
        writer.Write(sb.ToString());
    }

    public static void WriteNumber(TextWriter writer, double value) =>
        writer.Write(double.IsNaN(value) ? "null" : NumberFormat.Shortest(value));

    public static void WriteNumber(TextWriter writer, ulong value) =>
        writer.Write(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
