using Bench.Runner.Model;
using Bench.Runner.Report;
using static Bench.Runner.Tests.Report.Records;

namespace Bench.Runner.Tests.Report;

public sealed class SummarizerTests
{
    [Fact]
    public void RoundsFoldIntoMediansPerTargetAndGroup()
    {
        var groups = Summarizer.Build([
            Run("direct", 0.0002, 0.0003, 0.0004, round: 1),
            Run("nginx", 0.0003, 0.0004, 0.0006, round: 1, cpu: 0.10, cpuUser: 0.04, errors: 1),
            Run("direct", 0.0002, 0.0003, 0.0005, round: 2),
            Run("nginx", 0.0003, 0.0004, 0.0009, round: 2, cpu: 0.20, cpuUser: 0.15),
            Run("direct", 0.0002, 0.0003, 0.0006, round: 3),
            Run("nginx", 0.0003, 0.0004, 0.0007, round: 3, cpu: 0.12, cpuUser: 0.05, errors: 2),
            Run("nginx", 0.001, 0.002, 0.003, LoadMode.Max, qps: 20000),
        ]);

        Assert.Equal(2, groups.Count);
        var fixedRate = groups[0];
        Assert.Equal(LoadMode.Fixed, fixedRate.Mode);
        Assert.Equal(["direct", "nginx"], fixedRate.Rows.Select(r => r.Target));
        var nginx = fixedRate.Rows[1];
        Assert.Equal(3, nginx.Rounds);
        Assert.Equal(0.0007, nginx.P99);
        Assert.Equal(0.12, nginx.CpuSecondsPer1000);
        Assert.Equal(0.05, nginx.CpuUserSecondsPer1000);
        Assert.Equal(0.06, nginx.CpuSystemSecondsPer1000!.Value, 9);
        Assert.Equal(3, nginx.Errors);
        Assert.Equal(0.0005, fixedRate.Rows[0].P99);
        Assert.Equal(20000, groups[1].Rows.Single().ActualQps);
    }

    [Fact]
    public void AFailedRoundKeepsItsNoteAndIsLeftOutOfTheMedians()
    {
        var row = Summarizer.Build([
            Run("haproxy", 0.0003, 0.0004, 0.0006),
            Run("haproxy", 0, 0, 0, round: 2, note: "haproxy did not serve"),
        ])[0].Rows[0];

        Assert.Equal(1, row.Rounds);
        Assert.Equal(0.0006, row.P99);
        Assert.Equal("haproxy did not serve", row.Note);
    }
}
