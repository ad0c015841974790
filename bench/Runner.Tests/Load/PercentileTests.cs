using Bench.Runner.Load;

namespace Bench.Runner.Tests.Load;

public sealed class PercentileTests
{
    [Fact]
    public void NearestRankOnTheSortedSamples()
    {
        // 1..1000 ms, shuffled: the value at rank r is the ceil(r/100*n)-th smallest.
        var samples = Enumerable.Range(1, 1000).OrderBy(i => (i * 7919) % 1000).Select(i => i / 1000.0).ToList();

        var p = LoadGenerator.FromSamples(samples);

        Assert.Equal([50, 75, 90, 99, 99.9], p.Select(x => x.Rank));
        Assert.Equal([0.500, 0.750, 0.900, 0.990, 0.999], p.Select(x => Math.Round(x.Seconds, 6)));
    }

    [Fact]
    public void FewSamplesRoundTheRankUp()
    {
        var p = LoadGenerator.FromSamples([0.003, 0.001, 0.002]);

        Assert.Equal(0.002, p[0].Seconds); // p50 of 3: the 2nd
        Assert.Equal(0.003, p[2].Seconds); // p90 of 3: the 3rd
        Assert.Equal(0.003, p[4].Seconds);
    }

    [Fact]
    public void NoSamplesGiveNaN() =>
        Assert.All(LoadGenerator.FromSamples([]), p => Assert.True(double.IsNaN(p.Seconds)));
}
