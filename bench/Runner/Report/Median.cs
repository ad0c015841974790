namespace Bench.Runner.Report;

/// <summary>The median of the figures that were measured (rounds that failed or did not apply are skipped).</summary>
public static class Median
{
    /// <returns>The middle value, the mean of the two middle ones for an even count, or null when none.</returns>
    public static double? Of(IEnumerable<double?> values)
    {
        var sorted = new List<double>();
        foreach (var v in values)
        {
            if (v is { } x && !double.IsNaN(x))
            {
                sorted.Add(x);
            }
        }

        if (sorted.Count == 0)
        {
            return null;
        }

        sorted.Sort();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
