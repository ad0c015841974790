using Bench.Runner.Model;
using Bench.Runner.Report;
using Xunit;
using static Bench.Runner.Tests.Report.Records;

namespace Bench.Runner.Tests.Report;

public sealed class BeforeAfterTests
{
    [Fact]
    public void Each_measure_gives_both_medians_the_median_ratio_of_the_rounds_and_the_rounds_the_new_build_won()
    {
        RunRecord[] records =
        [
            Added(Run("proxy-base", 0.0002, 0.0003, 0.0005, round: 1, cpu: 0.100, cpuUser: 0.060), 0.0001),
            Added(Run("proxy-aot", 0.0002, 0.0003, 0.0005, round: 1, cpu: 0.080, cpuUser: 0.040), 0.0002),
            Added(Run("proxy-base", 0.0002, 0.0003, 0.0005, round: 2, cpu: 0.120, cpuUser: 0.070), 0.0002),
            Added(Run("proxy-aot", 0.0002, 0.0003, 0.0005, round: 2, cpu: 0.090, cpuUser: 0.050), 0.0001),
            Added(Run("proxy-base", 0.0002, 0.0003, 0.0005, round: 3, cpu: 0.090, cpuUser: 0.050), 0.0001),
            Added(Run("proxy-aot", 0.0002, 0.0003, 0.0005, round: 3, cpu: 0.099, cpuUser: 0.055), 0.0003),
            Run("nginx", 0.0001, 0.0002, 0.0003, round: 1, cpu: 0.050, cpuUser: 0.020),
        ];

        var text = BeforeAfter.Render(records);

        Assert.Contains("### proxy-base → proxy-aot: http1, 1000 qps, 16 connections", text, StringComparison.Ordinal);
        // CPU: base 0.100 0.120 0.090, new 0.080 0.090 0.099; ratios 0.80 0.75 1.10.
        Assert.Contains("| CPU s per 1000 requests | 0.100 | 0.090 | 0.80 | 2 of 3 |", text, StringComparison.Ordinal);
        Assert.Contains("| user CPU s per 1000 requests | 0.060 | 0.050 | 0.71 | 2 of 3 |", text, StringComparison.Ordinal);
        // User: ratios 0.67 0.71 1.10. Added p50: base 0.1 0.2 0.1 ms, new 0.2 0.1 0.3 ms; ratios 2, 0.5, 3.
        Assert.Contains("| added p50 ms | 0.100 | 0.200 | 2.00 | 1 of 3 |", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nginx", text, StringComparison.Ordinal);
    }

    [Fact]
    public void At_maximum_rate_more_qps_is_better()
    {
        RunRecord[] records =
        [
            Run("proxy-base", 0.0004, 0.0008, 0.004, LoadMode.Max, round: 1, qps: 30000, cpu: 0.030),
            Run("proxy-aot", 0.0004, 0.0008, 0.004, LoadMode.Max, round: 1, qps: 33000, cpu: 0.027),
        ];

        var text = BeforeAfter.Render(records);

        Assert.Contains("maximum rate, 16 connections", text, StringComparison.Ordinal);
        Assert.Contains("| qps | 30000 | 33000 | 1.10 | 1 of 1 |", text, StringComparison.Ordinal);
        Assert.Contains("| CPU s per 1000 requests | 0.030 | 0.027 | 0.90 | 1 of 1 |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_written_without_both_builds_in_a_round_or_for_failed_runs()
    {
        RunRecord[] records =
        [
            Run("proxy-base", 0.0002, 0.0003, 0.0005, round: 1, cpu: 0.1),
            Run("proxy-aot", 0.0002, 0.0003, 0.0005, round: 2, cpu: 0.1),
            Run("proxy-base", 0.0002, 0.0003, 0.0005, round: 3, cpu: 0.1),
            Run("proxy-aot", 0.0002, 0.0003, 0.0005, round: 3, cpu: 0.1, note: "did not serve"),
        ];

        Assert.Equal("", BeforeAfter.Render(records));
    }

    private static RunRecord Added(RunRecord record, double p50)
    {
        record.AddedP50 = p50;
        return record;
    }
}
