using Bench.Runner.Model;

namespace Bench.Runner.Load;

/// <summary>A client program that sends one window of load and reports fortio-shaped figures.</summary>
public abstract class LoadGenerator
{
    /// <summary>Percentiles recorded for every run (fortio's defaults).</summary>
    public static readonly double[] Ranks = [50, 75, 90, 99, 99.9];

    public abstract string Name { get; }

    public abstract Task<LoadResult> RunAsync(BenchContext ctx, LoadRequest request, CancellationToken cancel);

    /// <summary>Latencies in seconds at <see cref="Ranks"/>, nearest-rank on the sorted samples.</summary>
    public static List<Percentile> FromSamples(List<double> seconds)
    {
        seconds.Sort();
        var result = new List<Percentile>(Ranks.Length);
        foreach (var rank in Ranks)
        {
            if (seconds.Count == 0)
            {
                result.Add(new Percentile(rank, double.NaN));
                continue;
            }

            // The epsilon keeps 99.9 % of 1000 at the 999th sample: in binary, 99.9 / 100 * 1000 is 999.0000000000001.
            var index = (int)Math.Ceiling((rank / 100.0 * seconds.Count) - 1e-9) - 1;
            result.Add(new Percentile(rank, seconds[Math.Clamp(index, 0, seconds.Count - 1)]));
        }

        return result;
    }

    /// <summary>A bound for waiting on the tool: the window plus generous slack for start and drain.</summary>
    protected static TimeSpan Limit(LoadRequest request) => request.Duration + TimeSpan.FromSeconds(30);
}
