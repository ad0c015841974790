using System.Globalization;
using System.Text;

namespace Proxy.Stats;

/// <summary>
/// /stats/prometheus in the text exposition format, as Envoy writes it: counters, then gauges, then
/// (with <c>?text_readouts</c>) text readouts as gauges, then histograms. Stats are grouped by
/// tag-extracted name into metric families (one <c># TYPE</c> line each), families and members sorted
/// token-wise by name; tags become labels. Values: counters and gauges as integers (<c>name{labels} 3</c>,
/// braces even when empty); histograms as <c>_bucket{...,le="0.5"}</c> per bound, <c>le="+Inf"</c>, <c>_sum</c>
/// and <c>_count</c>, or as a summary (interval quantiles) with <c>?histogram_buckets=summary</c>.
/// </summary>
public static class PrometheusRenderer
{
    /// <summary>Returns false with Envoy's error for bucket modes Prometheus cannot express.</summary>
    public static bool TryRender(StatsStore store, StatsQuery query, TextWriter writer, out string error)
    {
        if (query.HistogramBuckets is HistogramBucketsMode.Disjoint or HistogramBucketsMode.Detailed)
        {
            error = "unsupported prometheus histogram bucket mode";
            return false;
        }

        error = string.Empty;
        WriteFamilies(store, query, store.Counters(), static c => c.Name, static c => c.TagExtractedName, static c => c.Stat.Used, "counter", static (sb, name, c) => AppendValue(sb, name, c.Tags, c.Stat.Value.ToString(CultureInfo.InvariantCulture)), writer);
        WriteFamilies(store, query, store.Gauges(), static g => g.Name, static g => g.TagExtractedName, static g => g.Stat.Used, "gauge", static (sb, name, g) => AppendValue(sb, name, g.Tags, unchecked((ulong)g.Stat.Value).ToString(CultureInfo.InvariantCulture)), writer);
        if (query.TextReadouts)
        {
            WriteFamilies(store, query, store.TextReadouts(), static t => t.Name, static t => t.TagExtractedName, static t => t.Stat.Used, "gauge", static (sb, name, t) => AppendTextReadout(sb, name, t), writer);
        }

        var summary = query.HistogramBuckets == HistogramBucketsMode.Summary;
        WriteFamilies(
            store,
            query,
            store.Histograms(),
            static h => h.Name,
            static h => h.TagExtractedName,
            static h => h.Stat.Used,
            summary ? "summary" : "histogram",
            summary ? static (sb, name, h) => AppendSummary(sb, name, h) : static (sb, name, h) => AppendHistogram(sb, name, h),
            writer);
        return true;
    }

    private static void WriteFamilies<T>(
        StatsStore store,
        StatsQuery query,
        IReadOnlyList<T> stats,
        Func<T, string> nameOf,
        Func<T, string> familyOf,
        Func<T, bool> usedOf,
        string type,
        Action<StringBuilder, string, T> append,
        TextWriter writer)
    {
        var families = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        foreach (var stat in stats)
        {
            if (!query.Shows(nameOf(stat), usedOf(stat)))
            {
                continue;
            }

            var family = familyOf(stat);
            if (!families.TryGetValue(family, out var members))
            {
                members = [];
                families.Add(family, members);
            }

            members.Add(stat);
        }

        var familyNames = new List<string>(families.Keys);
        familyNames.Sort(StatNameComparer.Instance);
        var sb = new StringBuilder();
        foreach (var family in familyNames)
        {
            var metricName = PrometheusNames.MetricName(family, store);
            if (metricName is null)
            {
                continue;
            }

            var members = families[family];
            members.Sort((a, b) => StatNameComparer.Instance.Compare(nameOf(a), nameOf(b)));
            sb.Clear();
            sb.Append("# TYPE ").Append(metricName).Append(' ').Append(type).Append('\n');
            foreach (var member in members)
            {
                append(sb, metricName, member);
            }

            writer.Write(sb.ToString());
        }
    }

    private static void AppendValue(StringBuilder sb, string name, IReadOnlyList<StatTag> tags, string value) =>
        sb.Append(name).Append('{').Append(PrometheusNames.FormatLabels(tags)).Append("} ").Append(value).Append('\n');

    private static void AppendTextReadout(StringBuilder sb, string name, RegisteredStat<TextReadout> readout)
    {
        var tags = new List<StatTag>(readout.Tags) { new("text_value", readout.Stat.Value) };
        AppendValue(sb, name, tags, "0");
    }

    private static void AppendHistogram(StringBuilder sb, string name, RegisteredHistogram histogram)
    {
        var snapshot = HistogramSnapshot.Of(histogram);
        var labels = PrometheusNames.FormatLabels(histogram.Tags);
        var bucketLabels = labels.Length == 0 ? string.Empty : labels + ",";
        for (var i = 0; i < snapshot.Bounds.Count; i++)
        {
            sb.Append(name).Append("_bucket{").Append(bucketLabels).Append("le=\"")
                .Append(NumberFormat.General(snapshot.Bounds[i], 32)).Append("\"} ")
                .Append(snapshot.CumulativeBuckets[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var count = snapshot.Count.ToString(CultureInfo.InvariantCulture);
        sb.Append(name).Append("_bucket{").Append(bucketLabels).Append("le=\"+Inf\"} ").Append(count).Append('\n');
        sb.Append(name).Append("_sum{").Append(labels).Append("} ").Append(NumberFormat.General(snapshot.Sum, 32)).Append('\n');
        sb.Append(name).Append("_count{").Append(labels).Append("} ").Append(count).Append('\n');
    }

    private static void AppendSummary(StringBuilder sb, string name, RegisteredHistogram histogram)
    {
        var snapshot = HistogramSnapshot.Of(histogram);
        var labels = PrometheusNames.FormatLabels(histogram.Tags);
        var quantileLabels = labels.Length == 0 ? string.Empty : labels + ",";
        var supported = HistogramQuantiles.Supported;
        for (var i = 0; i < supported.Count; i++)
        {
            sb.Append(name).Append('{').Append(quantileLabels).Append("quantile=\"")
                .Append(NumberFormat.Shortest(supported[i])).Append("\"} ")
                .Append(NumberFormat.General(snapshot.IntervalQuantiles[i], 32)).Append('\n');
        }

        sb.Append(name).Append("_sum{").Append(labels).Append("} ").Append(NumberFormat.General(snapshot.IntervalSum, 32)).Append('\n');
        sb.Append(name).Append("_count{").Append(labels).Append("} ")
            .Append(snapshot.IntervalCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
