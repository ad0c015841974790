using System.Text.Json;
using Bench.Runner.Model;
using Bench.Runner.Report;
using static Bench.Runner.Tests.Report.Records;

namespace Bench.Runner.Tests.Report;

/// <summary>results.json has the shape issue #5 gives (fortio's names, seconds).</summary>
public sealed class ResultsJsonTests
{
    private static JsonElement Write(params RunRecord[] records)
    {
        var path = Path.GetTempFileName();
        try
        {
            ResultsJson.Write(path, "AMD EPYC, 2 cores", new DateTimeOffset(2026, 11, 22, 9, 30, 0, TimeSpan.Zero), "nginx", "bench/run", records);
            return JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TopLevelHasMachineDateAndRuns()
    {
        var root = Write(Run("direct", 0.0002, 0.0003, 0.0005));

        Assert.Equal("AMD EPYC, 2 cores", root.GetProperty("Machine").GetString());
        Assert.Equal("2026-11-22T09:30:00Z", root.GetProperty("Date").GetString());
        Assert.Equal(1, root.GetProperty("Runs").GetArrayLength());
    }

    [Fact]
    public void AProxyRunHasEveryFieldOfTheIssue()
    {
        var proxy = Run("proxy-jit", 0.00021, 0.0003, 0.0005, qps: 998.7, errors: 2, cpu: 0.07, cpuUser: 0.03, rssIdle: 15000, rssPeak: 20000);
        proxy.AddedP50 = 0.00005;
        proxy.AddedP90 = 0.00007;
        proxy.AddedP99 = 0.0001;

        var run = Write(proxy).GetProperty("Runs")[0];

        Assert.Equal("proxy-jit", run.GetProperty("Target").GetString());
        Assert.Equal("http1", run.GetProperty("Scenario").GetString());
        Assert.Equal("fixed", run.GetProperty("Mode").GetString());
        Assert.Equal(16, run.GetProperty("Connections").GetInt32());
        Assert.Equal(1000, run.GetProperty("RequestedQPS").GetDouble());
        Assert.Equal(998.7, run.GetProperty("ActualQPS").GetDouble());
        Assert.Equal(2, run.GetProperty("Errors").GetInt64());
        var first = run.GetProperty("DurationHistogram").GetProperty("Percentiles")[0];
        Assert.Equal(50, first.GetProperty("Percentile").GetDouble());
        Assert.Equal(0.00021, first.GetProperty("Value").GetDouble());
        var added = run.GetProperty("AddedLatency");
        Assert.Equal(0.00005, added.GetProperty("p50").GetDouble());
        Assert.Equal(0.00007, added.GetProperty("p90").GetDouble());
        Assert.Equal(0.0001, added.GetProperty("p99").GetDouble());
        Assert.Equal(0.07, run.GetProperty("CpuSecondsPer1000").GetDouble());
        Assert.Equal(0.03, run.GetProperty("CpuUserSecondsPer1000").GetDouble());
        Assert.Equal(0.04, run.GetProperty("CpuSystemSecondsPer1000").GetDouble());
        Assert.Equal(15000, run.GetProperty("RssIdleKB").GetInt64());
        Assert.Equal(20000, run.GetProperty("RssPeakKB").GetInt64());
        Assert.Equal(120, run.GetProperty("StartToFirstResponseMs").GetDouble());
    }

    [Fact]
    public void DirectHasNoProxyFigures()
    {
        var run = Write(Run("direct", 0.0002, 0.0003, 0.0005)).GetProperty("Runs")[0];

        foreach (var name in new[] { "AddedLatency", "CpuSecondsPer1000", "CpuUserSecondsPer1000", "CpuSystemSecondsPer1000", "RssIdleKB", "RssPeakKB", "StartToFirstResponseMs" })
        {
            Assert.False(run.TryGetProperty(name, out _), name);
        }
    }

    [Fact]
    public void MaximumRateRequestsZeroQps()
    {
        var run = Write(Run("nginx", 0.002, 0.003, 0.004, LoadMode.Max, qps: 21000)).GetProperty("Runs")[0];

        Assert.Equal("max", run.GetProperty("Mode").GetString());
        Assert.Equal(0, run.GetProperty("RequestedQPS").GetDouble());
        Assert.Equal(21000, run.GetProperty("ActualQPS").GetDouble());
    }
}
