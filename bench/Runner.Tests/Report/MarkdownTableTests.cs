using Bench.Runner.Model;
using Bench.Runner.Report;
using static Bench.Runner.Tests.Report.Records;

namespace Bench.Runner.Tests.Report;

public sealed class MarkdownTableTests
{
    [Fact]
    public void FixedRateComparesAddedLatencyAndCpuWithTheBaselinesMeasured()
    {
        var direct = Run("direct", 0.0002, 0.0003, 0.0004);
        var nginx = Run("nginx", 0.0003, 0.0004, 0.0005, cpu: 0.10, cpuUser: 0.04, rssIdle: 20480, rssPeak: 21504);
        var proxy = Run("proxy-jit", 0.0003, 0.0005, 0.0006, cpu: 0.15, cpuUser: 0.11, rssIdle: 71680, rssPeak: 92160);
        AddedLatency.Fill([direct, nginx, proxy]);

        var lines = MarkdownTable.Render(Summarizer.Build([direct, nginx, proxy])).Split('\n');

        Assert.Equal("### http1, 1000 qps, 16 connections", lines[0]);
        Assert.Equal("| target | qps | p50 ms | p90 ms | p99 ms | p99.9 ms | +p50 ms | +p90 ms | +p99 ms | errors | CPU s/1k req | user/sys | RSS idle/peak MiB | start ms | p99 ÷ direct | +p99 ÷ nginx | CPU ÷ nginx |", lines[2]);
        Assert.Equal("| direct | 1000.0 | 0.200 | 0.300 | 0.400 | 0.800 | - | - | - | 0 | - | - | - | - | 1.00 | - | - |", lines[4]);
        Assert.Equal("| nginx | 1000.0 | 0.300 | 0.400 | 0.500 | 1.000 | 0.100 | 0.100 | 0.100 | 0 | 0.100 | 0.040/0.060 | 20.0/21.0 | 120 | 1.25 | 1.00 | 1.00 |", lines[5]);
        Assert.Equal("| proxy-jit | 1000.0 | 0.300 | 0.500 | 0.600 | 1.200 | 0.100 | 0.200 | 0.200 | 0 | 0.150 | 0.110/0.040 | 70.0/90.0 | 120 | 1.50 | 2.00 | 1.50 |", lines[6]);
    }

    [Fact]
    public void MaximumRateComparesThroughput()
    {
        var text = MarkdownTable.Render(Summarizer.Build([
            Run("direct", 0.001, 0.002, 0.003, LoadMode.Max, qps: 40000),
            Run("haproxy", 0.001, 0.002, 0.003, LoadMode.Max, qps: 20000),
            Run("envoy", 0.001, 0.002, 0.003, LoadMode.Max, qps: 16000),
            Run("proxy-aot", 0.001, 0.002, 0.003, LoadMode.Max, qps: 24000),
        ]));

        Assert.Contains("### http1, maximum rate, 16 connections", text, StringComparison.Ordinal);
        Assert.Contains("| qps ÷ direct | qps ÷ haproxy | qps ÷ envoy |", text, StringComparison.Ordinal);
        Assert.DoesNotContain("+p99", text, StringComparison.Ordinal);
        Assert.Contains("| proxy-aot | 24000.0 |", text, StringComparison.Ordinal);
        Assert.EndsWith("| 0.60 | 1.20 | 1.50 |\n\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.3, 0.2, "1.50")]
    [InlineData(0.3, null, "-")]
    [InlineData(null, 0.2, "-")]
    [InlineData(0.3, 0.0, "-")]
    [InlineData(0.3, -0.1, "-")]
    public void RatiosNeedAPositiveBaseline(double? value, double? baseline, string expected) =>
        Assert.Equal(expected, MarkdownTable.Ratio(value, baseline));
}
