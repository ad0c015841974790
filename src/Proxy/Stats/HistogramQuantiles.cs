using Proxy.Filters.Stats;

namespace Proxy.Stats;

/// <summary>
/// Envoy's histogram quantiles: P0, P25, P50, P75, P90, P95, P99, P99.5, P99.9, P100 computed from the
/// log-linear bins with libcircllhist's <c>hist_approx_quantile</c> (linear interpolation inside the bin
/// that holds the rank q·count; a rank on a bin edge is that edge). An empty histogram gives NaN.
/// </summary>
public static class HistogramQuantiles
{
    /// <summary>The quantiles Envoy reports, as fractions.</summary>
    public static IReadOnlyList<double> Supported { get; } = [0, 0.25, 0.5, 0.75, 0.90, 0.95, 0.99, 0.995, 0.999, 1];

    public static double[] Compute(ReadOnlySpan<(int Bin, ulong Count)> bins)
    {
        var supported = Supported;
        var result = new double[supported.Count];
        double total = 0;
        foreach (var (_, count) in bins)
        {
            total += count;
        }

        if (total == 0)
        {
            Array.Fill(result, double.NaN);
            return result;
        }

        var index = 0;
        double lower = 0;
        double upper = bins[0].Count;
        var left = Histogram.LogLinearBinLower(bins[0].Bin);
        var width = Histogram.LogLinearBinWidth(bins[0].Bin);
        for (var q = 0; q < result.Length; q++)
        {
            var target = total * supported[q];
            while (index < bins.Length - 1 && upper < target)
            {
                index++;
                lower = upper;
                upper += bins[index].Count;
                left = Histogram.LogLinearBinLower(bins[index].Bin);
                width = Histogram.LogLinearBinWidth(bins[index].Bin);
            }

            if (lower == target)
            {
                result[q] = left;
            }
            else if (upper == target)
            {
                result[q] = left + width;
            }
            else if (width == 0)
            {
                result[q] = left;
            }
            else
            {
                result[q] = left + ((target - lower) / (upper - lower) * width);
            }
        }

        return result;
    }
}
