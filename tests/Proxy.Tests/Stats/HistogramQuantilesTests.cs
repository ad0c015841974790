using Proxy.Filters.Stats;
using Proxy.Stats;

namespace Proxy.Tests.Stats;

/// <summary>Quantiles from the log-linear bins, against the values in Envoy's own admin tests.</summary>
public sealed class HistogramQuantilesTests
{
    private static double[] Quantiles(params double[] values)
    {
        var histogram = new Histogram("h", HistogramUnit.Unspecified);
        foreach (var value in values)
        {
            histogram.Record(value);
        }

        var bins = new List<(int Bin, ulong Count)>();
        histogram.CopyLogLinearBins(bins);
        return HistogramQuantiles.Compute(bins.ToArray());
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 9);
        }
    }

    [Fact]
    public void ThreeValues()
    {
        AssertClose([200, 207.5, 302.5, 306.25, 308.5, 309.25, 309.85, 309.925, 309.985, 310], Quantiles(200, 300, 300));
    }

    [Fact]
    public void OneValueInterpolatesAcrossItsBin()
    {
        AssertClose([200, 202.5, 205, 207.5, 209, 209.5, 209.9, 209.95, 209.99, 210], Quantiles(200));
    }

    [Fact]
    public void TwoValues()
    {
        AssertClose([100, 105, 110, 205, 208, 209, 209.8, 209.9, 209.98, 210], Quantiles(200, 100));
    }

    [Fact]
    public void EmptyIsNaN()
    {
        Assert.All(Quantiles(), q => Assert.True(double.IsNaN(q)));
    }

    [Fact]
    public void ZeroValuesSitInTheZeroBin()
    {
        Assert.Equal(0, Quantiles(0, 0)[^1]);
    }

    [Theory]
    [InlineData(200, 200, 10)]
    [InlineData(209.99, 200, 10)]
    [InlineData(0.5, 0.5, 0.01)]
    [InlineData(0.3, 0.3, 0.01)]
    [InlineData(1, 1, 0.1)]
    [InlineData(99.9, 99, 1)]
    [InlineData(3600000, 3600000, 100000)]
    public void LogLinearBinsHaveTwoSignificantDigits(double value, double lower, double width)
    {
        var bin = Histogram.LogLinearBinOf(value);

        Assert.Equal(lower, Histogram.LogLinearBinLower(bin), 12);
        Assert.Equal(width, Histogram.LogLinearBinWidth(bin), 12);
    }
}
