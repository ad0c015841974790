using Bench.Runner.Load;

namespace Bench.Runner.Tests.Load;

public sealed class H2LoadTests
{
    private const string Output = """
starting benchmark...
spawning thread #0: 1 total client(s). 15 total requests
Application protocol: h2c

finished in 15.00s, 62.53 req/s, 76.52KB/s
requests: 938 total, 938 started, 938 done, 936 succeeded, 2 failed, 0 errored, 1 timeout
status codes: 936 2xx, 0 3xx, 0 4xx, 2 5xx
""";

    [Fact]
    public void SummaryGivesRateAndCounts()
    {
        var s = H2Load.ParseSummary(Output);

        Assert.Equal(15.00, s.Seconds);
        Assert.Equal(62.53, s.Qps);
        Assert.Equal(938, s.Done);
        Assert.Equal(2, s.Failed);
        Assert.Equal(1, s.Timeout);
    }

    [Fact]
    public void ShortRunsReportMilliseconds() =>
        Assert.Equal(0.47151, H2Load.ParseSummary(Output.Replace("15.00s", "471.51ms", StringComparison.Ordinal)).Seconds, 6);

    [Fact]
    public void NoSummaryIsAnErrorWithTheOutput()
    {
        var e = Assert.Throws<InvalidOperationException>(() => H2Load.ParseSummary("connect error"));
        Assert.Contains("connect error", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogLinesGiveLatencyInSecondsAndCountBadStatuses()
    {
        var samples = new List<double>();
        var bad = H2Load.ParseLog(["1700000000000000\t200\t250", "1700000000001000\t503\t1200", "garbage", "1700000000002000\t304\t90"], samples);

        Assert.Equal(1, bad);
        Assert.Equal([0.000250, 0.0012, 0.000090], samples);
    }
}
