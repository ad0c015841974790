using Proxy.Upstream.LoadBalancing;

namespace Proxy.Tests.Upstream.LoadBalancing;

/// <summary>The precomputed EDF order must be the one Envoy's EdfScheduler produces.</summary>
public sealed class StaticScheduleTests
{
    [Fact]
    public void FollowsEarliestDeadlineFirstWithInsertionOrderTieBreak()
    {
        // Weights A=1, B=3: deadlines B 1/3, B 2/3, then A 1 and B 1 tie and A was inserted first.
        var schedule = StaticSchedule.Create([1, 3], startPicks: 0)!;
        var picks = Enumerable.Range(0, 8).Select(_ => schedule.Next()).ToArray();
        Assert.Equal([1, 1, 0, 1, 1, 1, 0, 1], picks);
    }

    [Fact]
    public void ReducesByTheGreatestCommonDivisor()
    {
        Assert.Equal(10, StaticSchedule.Create([10, 20, 70], 0)!.Length);
    }

    [Fact]
    public void ZeroWeightsAreNeverPicked()
    {
        var schedule = StaticSchedule.Create([0, 2, 0, 1], 0)!;
        var picks = Enumerable.Range(0, 30).Select(_ => schedule.Next()).ToList();
        Assert.Equal(20, picks.Count(p => p == 1));
        Assert.Equal(10, picks.Count(p => p == 3));
        Assert.Null(StaticSchedule.Create([0, 0], 0));
    }

    [Fact]
    public void FractionalAndHugeWeightsKeepTheirShareWithinTheLimit()
    {
        var fractional = StaticSchedule.Create([0.7, 1.0], 0)!;
        var picks = Enumerable.Range(0, fractional.Length).Select(_ => fractional.Next()).ToList();
        Assert.InRange(picks.Count(p => p == 0) / (double)picks.Count, 0.410, 0.414);

        var huge = StaticSchedule.Create([4_000_000_001, 1_000_000_000], 0)!;
        Assert.True(huge.Length <= StaticSchedule.MaxLength);
        picks = Enumerable.Range(0, huge.Length).Select(_ => huge.Next()).ToList();
        Assert.InRange(picks.Count(p => p == 0) / (double)picks.Count, 0.799, 0.801);
    }

    [Fact]
    public void StartPicksSkipIntoTheSchedule()
    {
        // Envoy skips seed % (number of hosts) picks: here one pick of [B, B, A, B].
        var skipped = StaticSchedule.Create([1, 3], startPicks: 3)!;
        Assert.Equal([1, 0, 1, 1], Enumerable.Range(0, 4).Select(_ => skipped.Next()).ToArray());
    }
}
