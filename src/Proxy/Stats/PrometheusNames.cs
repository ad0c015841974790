using System.Text;

namespace Proxy.Stats;

/// <summary>
/// Envoy's Prometheus naming (<c>PrometheusStatsFormatter</c>): metric and label names have every
/// character outside [a-zA-Z0-9_] replaced by '_'; metric names get the <c>envoy_</c> prefix unless
/// their first token is a registered custom namespace, which is dropped instead (a name left empty or
/// starting with a digit is then not exported); label values escape '\', newline and '"'.
/// </summary>
internal static class PrometheusNames
{
    /// <summary>The exported metric name of a tag-extracted stat name, or null when it is not exported.</summary>
    public static string? MetricName(string tagExtractedName, StatsStore store)
    {
        var stripped = store.StripCustomNamespace(tagExtractedName);
        if (stripped is not null)
        {
            var sanitized = Sanitize(stripped);
            return sanitized.Length == 0 || char.IsAsciiDigit(sanitized[0]) ? null : sanitized;
        }

        return "envoy_" + Sanitize(tagExtractedName);
    }

    public static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    /// <summary><c>name1="value1",name2="value2"</c>, in the stat's tag order.</summary>
    public static string FormatLabels(IReadOnlyList<StatTag> tags)
    {
        if (tags.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < tags.Count; i++)
        {
            if (i != 0)
            {
                sb.Append(',');
            }

            sb.Append(Sanitize(tags[i].Name)).Append("=\"");
            AppendEscapedValue(sb, tags[i].Value);
            sb.Append('"');
        }

        return sb.ToString();
    }

    private static void AppendEscapedValue(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '"':
                    sb.Append("\\\"");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
    }
}
