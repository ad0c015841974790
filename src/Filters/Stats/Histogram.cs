namespace Proxy.Filters.Stats;

/// <summary>
/// A cumulative histogram with fixed bucket upper bounds (Envoy's default buckets unless the
/// bootstrap's stats_config.histogram_bucket_settings says otherwise). Recording is lock-free:
/// one interlocked add on the bucket, the count and the sum, plus one on a log-linear bin.
/// </summary>
/// <remarks>
/// Besides the fixed buckets (Prometheus <c>_bucket{le=...}</c>), every value also lands in a
/// log-linear bin with two significant decimal digits, as in Envoy's libcircllhist: the bin of 200
/// is [200, 210), the bin of 0.5 is [0.50, 0.51). /stats computes its quantiles (P0..P100) from these
/// bins with circllhist's interpolation, so the quantiles match Envoy's. Bins are kept per decade,
/// allocated on first use (90 counters each), for decades 1e-12 .. 1e19; smaller positive values count
/// as zero and larger ones land in the top bin.
/// </remarks>
public sealed class Histogram
{
    /// <summary>Envoy's default supported buckets (stats_config.histogram_bucket_settings absent).</summary>
    public static readonly double[] DefaultBuckets =
    [
        0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
        1800000, 3600000,
    ];

    private const int MinExponent = -12;
    private const int DecadeCount = 32; // exponents -12 .. 19
    private const int BinsPerDecade = 90; // mantissas 10 .. 99

    /// <summary>How many log-linear bins exist: the zero bin (index 0) and 90 per decade.</summary>
    public const int LogLinearBinCount = 1 + (DecadeCount * BinsPerDecade);

    // Exact nearest doubles of 10^-12 .. 10^20 (parsed, not multiplied, so no error accumulates).
    private static readonly double[] PowersOfTen = CreatePowersOfTen();

    private readonly double[] _bounds;
    private readonly long[] _bucketCounts; // not cumulative; index = first bound >= value, last = overflow
    private readonly long[]?[] _decades = new long[DecadeCount][];
    private long _zeroBin;
    private long _count;
    private long _sumTimes1000; // fixed point: values are recorded with 3 decimals

    public Histogram(string name, HistogramUnit unit, double[]? buckets = null)
    {
        Name = name;
        Unit = unit;
        _bounds = buckets ?? DefaultBuckets;
        _bucketCounts = new long[_bounds.Length + 1];
    }

    public string Name { get; }

    public HistogramUnit Unit { get; }

    public bool Used => Volatile.Read(ref _count) != 0;

    public IReadOnlyList<double> Bounds => _bounds;

    public ulong Count => (ulong)Volatile.Read(ref _count);

    public double Sum => Volatile.Read(ref _sumTimes1000) / 1000.0;

    public void Record(double value)
    {
        var bounds = _bounds;
        var i = 0;
        while (i < bounds.Length && value > bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _bucketCounts[i]);
        RecordLogLinear(value);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumTimes1000, (long)(value * 1000));
    }

    /// <summary>Cumulative counts per bound (Prometheus <c>_bucket{le=...}</c>), excluding +Inf.</summary>
    public ulong[] CumulativeCounts()
    {
        var result = new ulong[_bounds.Length];
        ulong running = 0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            running += (ulong)Volatile.Read(ref _bucketCounts[i]);
            result[i] = running;
        }

        return result;
    }

    /// <summary>
    /// Appends the non-empty log-linear bins to <paramref name="into"/> in ascending order of value
    /// (ascending bin index). Used by the stats store for quantiles; not for the hot path.
    /// </summary>
    public void CopyLogLinearBins(List<(int Bin, ulong Count)> into)
    {
        var zero = Volatile.Read(ref _zeroBin);
        if (zero != 0)
        {
            into.Add((0, (ulong)zero));
        }

        for (var d = 0; d < DecadeCount; d++)
        {
            var decade = Volatile.Read(ref _decades[d]);
            if (decade is null)
            {
                continue;
            }

            for (var m = 0; m < BinsPerDecade; m++)
            {
                var count = Volatile.Read(ref decade[m]);
                if (count != 0)
                {
                    into.Add((1 + (d * BinsPerDecade) + m, (ulong)count));
                }
            }
        }
    }

    /// <summary>The lower edge of a log-linear bin (0 for the zero bin).</summary>
    public static double LogLinearBinLower(int bin)
    {
        if (bin <= 0)
        {
            return 0;
        }

        var exponent = ((bin - 1) / BinsPerDecade) + MinExponent;
        var mantissa = 10 + ((bin - 1) % BinsPerDecade);
        // mantissa * 10^(exponent-1), multiplying or dividing by an exact power so that the edge is
        // the correctly rounded decimal (0.3, not 0.30000000000000004).
        return exponent >= 1 ? mantissa * Pow10(exponent - 1) : mantissa / Pow10(1 - exponent);
    }

    /// <summary>The width of a log-linear bin: 10^(exponent-1); 0 for the zero bin.</summary>
    public static double LogLinearBinWidth(int bin)
    {
        if (bin <= 0)
        {
            return 0;
        }

        var exponent = ((bin - 1) / BinsPerDecade) + MinExponent;
        return exponent >= 1 ? Pow10(exponent - 1) : 1 / Pow10(1 - exponent);
    }

    /// <summary>The log-linear bin a value falls into (circllhist's two-significant-digit bins).</summary>
    public static int LogLinearBinOf(double value)
    {
        // Non-positive, NaN and tiny values go to the zero bin (Envoy records unsigned integers).
        if (!(value >= PowersOfTen[0]))
        {
            return 0;
        }

        var powers = PowersOfTen;
        int d;
        if (value >= powers[DecadeCount])
        {
            return LogLinearBinCount - 1;
        }

        // Most values are small integers (milliseconds, bytes): scan from 10^0 outwards.
        d = -MinExponent;
        if (value >= powers[d])
        {
            while (value >= powers[d + 1])
            {
                d++;
            }
        }
        else
        {
            while (value < powers[d])
            {
                d--;
            }
        }

        // Two significant digits: floor(value / 10^(e-1)). Dividing by an exact power (e >= 1) or
        // multiplying by one (e < 1) avoids the rounding of non-representable 10^-k.
        var exponent = d + MinExponent;
        double scaled = exponent >= 1 ? value / Pow10(exponent - 1) : value * Pow10(1 - exponent);
        var mantissa = (int)Math.Floor(scaled);
        if (mantissa < 10)
        {
            mantissa = 10;
        }
        else if (mantissa > 99)
        {
            mantissa = 99;
        }

        return 1 + (d * BinsPerDecade) + (mantissa - 10);
    }

    private void RecordLogLinear(double value)
    {
        var bin = LogLinearBinOf(value);
        if (bin == 0)
        {
            Interlocked.Increment(ref _zeroBin);
            return;
        }

        var d = (bin - 1) / BinsPerDecade;
        var decade = Volatile.Read(ref _decades[d]) ?? AllocateDecade(d);
        Interlocked.Increment(ref decade[(bin - 1) % BinsPerDecade]);
    }

    private long[] AllocateDecade(int d)
    {
        var fresh = new long[BinsPerDecade];
        return Interlocked.CompareExchange(ref _decades[d], fresh, null) ?? fresh;
    }

    // 10^k for 0 <= k <= 22 is exact in binary64.
    private static double Pow10(int k) => PowersOfTen[k - MinExponent];

    private static double[] CreatePowersOfTen()
    {
        // 10^-12 .. 10^(19+1), plus headroom for Pow10 of (1 - exponent) up to 10^13.
        var result = new double[DecadeCount + 2];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = double.Parse("1e" + (i + MinExponent), System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }
}
