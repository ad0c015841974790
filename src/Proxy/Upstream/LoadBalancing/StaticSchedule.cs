namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// A weighted round robin order computed once: the sequence Envoy's EDF scheduler would produce for static
/// weights (deadline k/w for an item's k-th pick, ties to the earliest inserted), over one full period, read
/// with one atomic increment per pick instead of a locked priority queue. Weights are reduced by their GCD;
/// periods longer than <see cref="MaxLength"/> (or fractional weights) are scaled to fit, so such weights are
/// honoured to within 1/MaxLength of their share.
/// </summary>
internal sealed class StaticSchedule
{
    internal const int MaxLength = 16384;

    private readonly int[] _order;
    private long _next;

    private StaticSchedule(int[] order, ulong startPicks)
    {
        _order = order;
        _next = (long)(startPicks % (ulong)order.Length) - 1;
    }

    /// <summary>The period of the schedule (sum of the reduced weights).</summary>
    public int Length => _order.Length;

    /// <summary>
    /// A schedule over items with these weights (≤ 0 never picked), or null when no weight is positive.
    /// <paramref name="startPicks"/> skips that many picks first (Envoy's <c>createWithPicks(seed % n)</c>).
    /// </summary>
    public static StaticSchedule? Create(ReadOnlySpan<double> weights, ulong startPicks)
    {
        var integral = Integerize(weights);
        if (integral is null)
        {
            return null;
        }

        return new StaticSchedule(Simulate(integral), startPicks % (ulong)weights.Length);
    }

    /// <summary>The index of the next item to use.</summary>
    public int Next()
    {
        var position = (ulong)Interlocked.Increment(ref _next) % (ulong)_order.Length;
        return _order[(int)position];
    }

    /// <summary>Positive integer weights with a period of at most <see cref="MaxLength"/>; 0 marks never-picked items.</summary>
    internal static ulong[]? Integerize(ReadOnlySpan<double> weights)
    {
        var result = new ulong[weights.Length];
        double sum = 0;
        var allIntegral = true;
        var positive = 0;
        foreach (var w in weights)
        {
            if (w > 0)
            {
                sum += w;
                positive++;
                allIntegral &= w == Math.Floor(w) && w <= uint.MaxValue;
            }
        }

        if (positive == 0)
        {
            return null;
        }

        // 1. Whole weights as they are; fractional ones scaled to ~1000 steps per item.
        var scale = allIntegral ? 1.0 : Math.Min(MaxLength, 1000.0 * positive) / sum;
        ulong gcd = 0;
        ulong total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0)
            {
                result[i] = Math.Max(1, (ulong)Math.Round(weights[i] * scale));
                gcd = Gcd(gcd, result[i]);
            }
        }

        // 2. Reduce by the GCD (weights 10/20/70 become 1/2/7).
        for (var i = 0; i < result.Length; i++)
        {
            result[i] /= gcd;
            total += result[i];
        }

        // 3. Fit very long periods.
        if (total > MaxLength)
        {
            var fit = (double)MaxLength / total;
            for (var i = 0; i < result.Length; i++)
            {
                if (result[i] != 0)
                {
                    result[i] = Math.Max(1, (ulong)Math.Round(result[i] * fit));
                }
            }
        }

        return result;
    }

    /// <summary>Runs EDF over one period with exact rational deadlines k/w.</summary>
    private static int[] Simulate(ulong[] weights)
    {
        ulong period = 0;
        var queue = new PriorityQueue<int, Deadline>(weights.Length);
        long order = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] != 0)
            {
                period += weights[i];
                queue.Enqueue(i, new Deadline(1, weights[i], order++));
            }
        }

        var schedule = new int[period];
        for (ulong pick = 0; pick < period; pick++)
        {
            queue.TryDequeue(out var item, out var deadline);
            schedule[pick] = item;
            queue.Enqueue(item, new Deadline(deadline.Picks + 1, deadline.Weight, order++));
        }

        return schedule;
    }

    private static ulong Gcd(ulong a, ulong b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    /// <summary>Deadline Picks/Weight compared exactly; equal deadlines go to the earlier insertion, as Envoy's EDF.</summary>
    private readonly record struct Deadline(ulong Picks, ulong Weight, long Order) : IComparable<Deadline>
    {
        public int CompareTo(Deadline other)
        {
            var left = (UInt128)Picks * other.Weight;
            var right = (UInt128)other.Picks * Weight;
            return left != right ? left.CompareTo(right) : Order.CompareTo(other.Order);
        }
    }
}
