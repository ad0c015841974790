namespace Bench.Runner.Model;

/// <summary>What a load generator reports for one measured window.</summary>
public sealed record LoadResult(
    double ActualQps,
    long Requests,
    long Errors,
    double DurationSeconds,
    IReadOnlyList<Percentile> Percentiles)
{
    /// <summary>The value at <paramref name="rank"/> (50, 90, 99, 99.9), or NaN when not measured.</summary>
    public double At(double rank)
    {
        foreach (var p in Percentiles)
        {
            if (Math.Abs(p.Rank - rank) < 1e-9)
            {
                return p.Seconds;
            }
        }

        return double.NaN;
    }
}
