namespace Bench.Runner;

/// <summary>
/// The order of the targets in one round: the baseline (direct) first, the others rotated by one place each
/// round (A B C, then B C A, then C A B), so that no target always runs right after the same other one or
/// always last; on a shared machine the position in the round is itself a bias.
/// </summary>
public static class RoundOrder
{
    /// <param name="items">The targets, the <paramref name="fixedFirst"/> leading ones kept in place.</param>
    /// <param name="round">1 for the first round: the order given.</param>
    public static IReadOnlyList<T> For<T>(IReadOnlyList<T> items, int round, int fixedFirst)
    {
        var rotating = items.Count - fixedFirst;
        if (rotating <= 1)
        {
            return items;
        }

        var shift = (round - 1) % rotating;
        var result = new List<T>(items.Count);
        for (var i = 0; i < fixedFirst; i++)
        {
            result.Add(items[i]);
        }

        for (var i = 0; i < rotating; i++)
        {
            result.Add(items[fixedFirst + ((i + shift) % rotating)]);
        }

        return result;
    }
}
