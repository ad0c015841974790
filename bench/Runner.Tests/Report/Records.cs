using Bench.Runner.Model;

namespace Bench.Runner.Tests.Report;

/// <summary>Run records for the report tests.</summary>
internal static class Records
{
    public static RunRecord Run(string target, double p50, double p90, double p99, LoadMode mode = LoadMode.Fixed, int round = 1,
        double qps = 1000, long errors = 0, double? cpu = null, double? cpuUser = null, long? rssIdle = null, long? rssPeak = null, string? note = null,
        Scenario scenario = Scenario.Http1) => new()
    {
        Target = target,
        Scenario = scenario,
        Mode = mode,
        Round = round,
        Connections = 16,
        RequestedQps = mode == LoadMode.Fixed ? 1000 : 0,
        Load = new LoadResult(qps, (long)(qps * 15), errors, 15,
            [new Percentile(50, p50), new Percentile(75, p50), new Percentile(90, p90), new Percentile(99, p99), new Percentile(99.9, p99 * 2)]),
        LoadGenerator = "h2load",
        CpuSecondsPer1000 = cpu,
        CpuUserSecondsPer1000 = cpuUser,
        CpuSystemSecondsPer1000 = cpu - cpuUser,
        RssIdleKB = rssIdle,
        RssPeakKB = rssPeak,
        StartToFirstResponseMs = target == "direct" ? null : 120,
        Note = note,
    };
}
