using Xunit;

namespace Bench.Runner.Tests;

public sealed class RoundOrderTests
{
    [Fact]
    public void The_baseline_stays_first_and_the_others_rotate_each_round()
    {
        string[] targets = ["direct", "a", "b", "c"];

        Assert.Equal(["direct", "a", "b", "c"], RoundOrder.For(targets, 1, fixedFirst: 1));
        Assert.Equal(["direct", "b", "c", "a"], RoundOrder.For(targets, 2, fixedFirst: 1));
        Assert.Equal(["direct", "c", "a", "b"], RoundOrder.For(targets, 3, fixedFirst: 1));
        Assert.Equal(["direct", "a", "b", "c"], RoundOrder.For(targets, 4, fixedFirst: 1));
    }

    [Fact]
    public void Without_a_baseline_every_target_rotates()
    {
        string[] targets = ["a", "b"];

        Assert.Equal(["b", "a"], RoundOrder.For(targets, 2, fixedFirst: 0));
        Assert.Equal(["a"], RoundOrder.For(["a"], 5, fixedFirst: 0));
    }
}
