using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Proxy.Stats;

/// <summary>
/// The parsed query of /stats and /stats/prometheus (Envoy's <c>StatsParams</c>): <c>usedonly</c>,
/// <c>filter=</c> (RE2, searched anywhere in the full stat name), <c>type=</c>, <c>format=</c>,
/// <c>histogram_buckets=</c> and, for Prometheus, <c>text_readouts</c>.
/// </summary>
public sealed record StatsQuery
{
    public Regex? Filter { get; init; }

    public bool UsedOnly { get; init; }

    public StatsType Type { get; init; } = StatsType.All;

    public StatsFormat Format { get; init; } = StatsFormat.Text;

    public HistogramBucketsMode HistogramBuckets { get; init; } = HistogramBucketsMode.Unset;

    /// <summary>Prometheus only: also export text readouts, as gauges of 0 with a <c>text_value</c> label.</summary>
    public bool TextReadouts { get; init; }

    /// <summary>
    /// Parses the query part of a request target (anything before '?' is ignored). On failure
    /// <paramref name="error"/> is Envoy's 400 response body.
    /// </summary>
    public static bool TryParse(string? target, [NotNullWhen(true)] out StatsQuery? query, out string error)
    {
        query = null;
        error = string.Empty;
        var parameters = ParseQueryString(target);
        var result = new StatsQuery
        {
            UsedOnly = parameters.ContainsKey("usedonly"),
            TextReadouts = parameters.ContainsKey("text_readouts"),
        };

        if (parameters.TryGetValue("filter", out var filter) && filter.Length != 0)
        {
            try
            {
                result = result with { Filter = RegexTranslator.Compile(filter, RegexDialect.Re2, needsCaptures: false) };
            }
            catch (ArgumentException)
            {
                error = "Invalid re2 regex";
                return false;
            }
        }

        if (parameters.TryGetValue("histogram_buckets", out var buckets))
        {
            HistogramBucketsMode? mode = buckets switch
            {
                "cumulative" => HistogramBucketsMode.Cumulative,
                "disjoint" => HistogramBucketsMode.Disjoint,
                "detailed" => HistogramBucketsMode.Detailed,
                "summary" or "none" => HistogramBucketsMode.Summary,
                _ => null,
            };
            if (mode is null)
            {
                error = "usage: /stats?histogram_buckets=(cumulative|disjoint|detailed|summary)\n";
                return false;
            }

            result = result with { HistogramBuckets = mode.Value };
        }

        if (parameters.TryGetValue("type", out var type) && type.Length != 0)
        {
            StatsType? parsed = type switch
            {
                "Counters" => StatsType.Counters,
                "Gauges" => StatsType.Gauges,
                "Histograms" => StatsType.Histograms,
                "TextReadouts" => StatsType.TextReadouts,
                "All" => StatsType.All,
                _ => null,
            };
            if (parsed is null)
            {
                error = "invalid &type= param";
                return false;
            }

            result = result with { Type = parsed.Value };
        }

        if (parameters.TryGetValue("format", out var format) && format.Length != 0)
        {
            switch (format)
            {
                case "json":
                    result = result with { Format = StatsFormat.Json };
                    break;
                case "prometheus":
                    result = result with { Format = StatsFormat.Prometheus };
                    break;
                case "text":
                    result = result with { Format = StatsFormat.Text };
                    break;
                case "html":
                    // What Envoy answers when built without the admin HTML pages.
                    error = "HTML output was disabled by building with --define=admin_html=disabled";
                    return false;
                case "active-html":
                    error = "Active HTML output was disabled by building with --define=admin_html=disabled";
                    return false;
                default:
                    error = "usage: /stats?format=(html|active-html|json|prometheus|text)\n\n";
                    return false;
            }
        }

        query = result;
        return true;
    }

    /// <summary>Whether a stat passes <c>usedonly</c> and <c>filter=</c>.</summary>
    public bool Shows(string name, bool used) => (!UsedOnly || used) && (Filter is null || Filter.IsMatch(name));

    internal bool ShowsType(StatsType type) => Type == StatsType.All || Type == type;

    // Envoy's parseAndDecodeQueryString: '&'-separated, first value wins, percent-decoded ('+' stays '+').
    private static Dictionary<string, string> ParseQueryString(string? target)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(target))
        {
            return result;
        }

        var question = target.IndexOf('?');
        // "/stats?usedonly" → "usedonly"; a bare path has no query; anything else is the query itself.
        var query = question >= 0 ? target[(question + 1)..] : target.StartsWith('/') ? string.Empty : target;
        var fragment = query.IndexOf('#');
        if (fragment >= 0)
        {
            query = query[..fragment];
        }

        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var key = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(part[(equals + 1)..]);
            result.TryAdd(key, value);
        }

        return result;
    }
}
