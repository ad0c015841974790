using System.Globalization;
using System.Text;
using Proxy.Filters.Stats;

namespace Proxy.Stats;

/// <summary>
/// /stats as text, as Envoy prints it: text readouts (<c>name: "value"</c>), then counters and gauges
/// together (<c>name: value</c>), then histograms, each group sorted by full name. A histogram shows
/// <c>P0(interval,cumulative) P25(...) ... P100(...)</c>, or its buckets for <c>histogram_buckets=</c>
/// cumulative/disjoint/detailed, or <c>No recorded values</c>.
/// </summary>
public static class StatsTextRenderer
{
    public static void Render(StatsStore store, StatsQuery query, TextWriter writer)
    {
        if (query.ShowsType(StatsType.TextReadouts))
        {
            foreach (var readout in SortedTextReadouts(store, query))
            {
                writer.Write(readout.Name + ": \"" + readout.Stat.Value + "\"\n");
            }
        }

        foreach (var (name, value) in CountersAndGauges(store, query))
        {
            writer.Write(name + ": " + value.ToString(CultureInfo.InvariantCulture) + "\n");
        }

        if (query.ShowsType(StatsType.Histograms))
        {
            foreach (var histogram in SortedHistograms(store, query))
            {
                WriteHistogram(writer, histogram.Name, HistogramSnapshot.Of(histogram), query.HistogramBuckets);
            }
        }
    }

    /// <summary>Counters and gauges passing the query, sorted ordinally by name; gauges print as unsigned, as Envoy's.</summary>
    internal static List<(string Name, ulong Value)> CountersAndGauges(StatsStore store, StatsQuery query)
    {
        var result = new List<(string Name, ulong Value)>();
        if (query.ShowsType(StatsType.Counters))
        {
            foreach (var counter in store.Counters())
            {
                if (query.Shows(counter.Name, counter.Stat.Used))
                {
                    result.Add((counter.Name, counter.Stat.Value));
                }
            }
        }

        if (query.ShowsType(StatsType.Gauges))
        {
            foreach (var gauge in store.Gauges())
            {
                if (query.Shows(gauge.Name, gauge.Stat.Used))
                {
                    result.Add((gauge.Name, unchecked((ulong)gauge.Stat.Value)));
                }
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    internal static List<RegisteredStat<TextReadout>> SortedTextReadouts(StatsStore store, StatsQuery query)
    {
        var result = new List<RegisteredStat<TextReadout>>();
        foreach (var readout in store.TextReadouts())
        {
            if (query.Shows(readout.Name, readout.Stat.Used))
            {
                result.Add(readout);
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    internal static List<RegisteredHistogram> SortedHistograms(StatsStore store, StatsQuery query)
    {
        var result = new List<RegisteredHistogram>();
        foreach (var histogram in store.Histograms())
        {
            if (query.Shows(histogram.Name, histogram.Stat.Used))
            {
                result.Add(histogram);
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    private static void WriteHistogram(TextWriter writer, string name, HistogramSnapshot snapshot, HistogramBucketsMode mode)
    {
        if (!snapshot.Used)
        {
            writer.Write(name + ": No recorded values\n");
            return;
        }

        var sb = new StringBuilder(name);
        switch (mode)
        {
            case HistogramBucketsMode.Cumulative:
                sb.Append(": ");
                AppendBuckets(sb, snapshot.Bounds, snapshot.IntervalBuckets, snapshot.CumulativeBuckets);
                break;
            case HistogramBucketsMode.Disjoint:
                sb.Append(": ");
                AppendBuckets(
                    sb,
                    snapshot.Bounds,
                    HistogramSnapshot.Disjoint(snapshot.IntervalBuckets),
                    HistogramSnapshot.Disjoint(snapshot.CumulativeBuckets));
                break;
            case HistogramBucketsMode.Detailed:
                sb.Append(":\n  totals=");
                AppendDetail(sb, snapshot.CumulativeBins);
                sb.Append("\n  intervals=");
                AppendDetail(sb, snapshot.IntervalBins);
                sb.Append("\n  summary=");
                AppendQuantileSummary(sb, snapshot);
                break;
            default:
                sb.Append(": ");
                AppendQuantileSummary(sb, snapshot);
                break;
        }

        sb.Append('\n');
        writer.Write(sb.ToString());
    }

    // "P0(interval,cumulative) P25(...)" (Envoy's ParentHistogramImpl::quantileSummary).
    internal static void AppendQuantileSummary(StringBuilder sb, HistogramSnapshot snapshot)
    {
        var supported = HistogramQuantiles.Supported;
        for (var i = 0; i < supported.Count; i++)
        {
            if (i != 0)
            {
                sb.Append(' ');
            }

            sb.Append('P').Append(NumberFormat.General(100 * supported[i], 6))
                .Append('(').Append(NumberFormat.Shortest(snapshot.IntervalQuantiles[i]))
                .Append(',').Append(NumberFormat.Shortest(snapshot.CumulativeQuantiles[i])).Append(')');
        }
    }

    // "B0.5(interval,cumulative) B1(...)" (Envoy's bucketSummary).
    private static void AppendBuckets(StringBuilder sb, IReadOnlyList<double> bounds, ulong[] interval, ulong[] cumulative)
    {
        for (var i = 0; i < bounds.Count; i++)
        {
            if (i != 0)
            {
                sb.Append(' ');
            }

            sb.Append('B').Append(NumberFormat.General(bounds[i], 6))
                .Append('(').Append(interval[i].ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(cumulative[i].ToString(CultureInfo.InvariantCulture)).Append(')');
        }
    }

    // "lower,width:count, ..." with %.15g (Envoy's detailed view of the log-linear bins).
    private static void AppendDetail(StringBuilder sb, (int Bin, ulong Count)[] bins)
    {
        for (var i = 0; i < bins.Length; i++)
        {
            if (i != 0)
            {
                sb.Append(", ");
            }

            sb.Append(NumberFormat.General(Histogram.LogLinearBinLower(bins[i].Bin), 15))
                .Append(',').Append(NumberFormat.General(Histogram.LogLinearBinWidth(bins[i].Bin), 15))
                .Append(':').Append(bins[i].Count.ToString(CultureInfo.InvariantCulture));
        }
    }
}
