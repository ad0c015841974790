using Proxy.Filters.Stats;

namespace Proxy.Stats;

/// <summary>
/// /stats?format=json, as Envoy writes it: <c>{"stats":[{"name":..,"value":..},...,{"histograms":...}]}</c>
/// with text readouts, then counters and gauges, sorted by name; histograms last in one entry:
/// <c>{"supported_quantiles":[0,25,...,100],"computed_quantiles":[{"name":..,"values":[{"cumulative":..,"interval":..}]}]}</c>
/// (NaN as null), or per-bucket arrays for <c>histogram_buckets=cumulative|disjoint</c>, or the bins
/// for <c>detailed</c>.
/// </summary>
public static class StatsJsonRenderer
{
    public static void Render(StatsStore store, StatsQuery query, TextWriter writer)
    {
        writer.Write("{\"stats\":[");
        var first = true;
        if (query.ShowsType(StatsType.TextReadouts))
        {
            foreach (var readout in StatsTextRenderer.SortedTextReadouts(store, query))
            {
                Separator(writer, ref first);
                writer.Write("{\"name\":");
                JsonText.WriteString(writer, readout.Name);
                writer.Write(",\"value\":");
                JsonText.WriteString(writer, readout.Stat.Value);
                writer.Write('}');
            }
        }

        foreach (var (name, value) in StatsTextRenderer.CountersAndGauges(store, query))
        {
            Separator(writer, ref first);
            writer.Write("{\"name\":");
            JsonText.WriteString(writer, name);
            writer.Write(",\"value\":");
            JsonText.WriteNumber(writer, value);
            writer.Write('}');
        }

        if (query.ShowsType(StatsType.Histograms))
        {
            var histograms = StatsTextRenderer.SortedHistograms(store, query);
            if (histograms.Count != 0)
            {
                Separator(writer, ref first);
                WriteHistograms(writer, histograms, query.HistogramBuckets);
            }
        }

        writer.Write("]}");
    }

    private static void WriteHistograms(TextWriter writer, List<RegisteredHistogram> histograms, HistogramBucketsMode mode)
    {
        writer.Write("{\"histograms\":");
        switch (mode)
        {
            case HistogramBucketsMode.Cumulative:
            case HistogramBucketsMode.Disjoint:
                writer.Write('[');
                for (var i = 0; i < histograms.Count; i++)
                {
                    if (i != 0)
                    {
                        writer.Write(',');
                    }

                    WriteBuckets(writer, histograms[i], mode == HistogramBucketsMode.Disjoint);
                }

                writer.Write(']');
                break;
            case HistogramBucketsMode.Detailed:
                writer.Write("{\"supported_percentiles\":");
                WriteSupportedQuantiles(writer);
                writer.Write(",\"details\":[");
                for (var i = 0; i < histograms.Count; i++)
                {
                    if (i != 0)
                    {
                        writer.Write(',');
                    }

                    WriteDetail(writer, histograms[i]);
                }

                writer.Write("]}");
                break;
            default:
                writer.Write("{\"supported_quantiles\":");
                WriteSupportedQuantiles(writer);
                writer.Write(",\"computed_quantiles\":[");
                for (var i = 0; i < histograms.Count; i++)
                {
                    if (i != 0)
                    {
                        writer.Write(',');
                    }

                    writer.Write("{\"name\":");
                    JsonText.WriteString(writer, histograms[i].Name);
                    writer.Write(",\"values\":");
                    WriteQuantiles(writer, HistogramSnapshot.Of(histograms[i]));
                    writer.Write('}');
                }

                writer.Write("]}");
                break;
        }

        writer.Write('}');
    }

    private static void WriteSupportedQuantiles(TextWriter writer)
    {
        writer.Write('[');
        var supported = HistogramQuantiles.Supported;
        for (var i = 0; i < supported.Count; i++)
        {
            if (i != 0)
            {
                writer.Write(',');
            }

            JsonText.WriteNumber(writer, supported[i] * 100);
        }

        writer.Write(']');
    }

    private static void WriteQuantiles(TextWriter writer, HistogramSnapshot snapshot)
    {
        writer.Write('[');
        for (var i = 0; i < snapshot.CumulativeQuantiles.Length; i++)
        {
            if (i != 0)
            {
                writer.Write(',');
            }

            writer.Write("{\"cumulative\":");
            JsonText.WriteNumber(writer, snapshot.CumulativeQuantiles[i]);
            writer.Write(",\"interval\":");
            JsonText.WriteNumber(writer, snapshot.IntervalQuantiles[i]);
            writer.Write('}');
        }

        writer.Write(']');
    }

    private static void WriteBuckets(TextWriter writer, RegisteredHistogram histogram, bool disjoint)
    {
        var snapshot = HistogramSnapshot.Of(histogram);
        var interval = disjoint ? HistogramSnapshot.Disjoint(snapshot.IntervalBuckets) : snapshot.IntervalBuckets;
        var cumulative = disjoint ? HistogramSnapshot.Disjoint(snapshot.CumulativeBuckets) : snapshot.CumulativeBuckets;
        writer.Write("{\"name\":");
        JsonText.WriteString(writer, histogram.Name);
        writer.Write(",\"buckets\":[");
        for (var i = 0; i < snapshot.Bounds.Count; i++)
        {
            if (i != 0)
            {
                writer.Write(',');
            }

            writer.Write("{\"upper_bound\":");
            JsonText.WriteNumber(writer, snapshot.Bounds[i]);
            writer.Write(",\"interval\":");
            JsonText.WriteNumber(writer, interval[i]);
            writer.Write(",\"cumulative\":");
            JsonText.WriteNumber(writer, cumulative[i]);
            writer.Write('}');
        }

        writer.Write("]}");
    }

    private static void WriteDetail(TextWriter writer, RegisteredHistogram histogram)
    {
        var snapshot = HistogramSnapshot.Of(histogram);
        writer.Write("{\"name\":");
        JsonText.WriteString(writer, histogram.Name);
        writer.Write(",\"totals\":");
        WriteBins(writer, snapshot.CumulativeBins);
        writer.Write(",\"intervals\":");
        WriteBins(writer, snapshot.IntervalBins);
        writer.Write(",\"percentiles\":");
        WriteQuantiles(writer, snapshot);
        writer.Write('}');
    }

    private static void WriteBins(TextWriter writer, (int Bin, ulong Count)[] bins)
    {
        writer.Write('[');
        for (var i = 0; i < bins.Length; i++)
        {
            if (i != 0)
            {
                writer.Write(',');
            }

            writer.Write("{\"lower_bound\":");
            JsonText.WriteNumber(writer, Histogram.LogLinearBinLower(bins[i].Bin));
            writer.Write(",\"width\":");
            JsonText.WriteNumber(writer, Histogram.LogLinearBinWidth(bins[i].Bin));
            writer.Write(",\"count\":");
            JsonText.WriteNumber(writer, bins[i].Count);
            writer.Write('}');
        }

        writer.Write(']');
    }

    private static void Separator(TextWriter writer, ref bool first)
    {
        if (!first)
        {
            writer.Write(',');
        }

        first = false;
    }
}
