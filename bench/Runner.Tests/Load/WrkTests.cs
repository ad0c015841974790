using Bench.Runner.Load;

namespace Bench.Runner.Tests.Load;

public sealed class WrkTests
{
    [Fact]
    public void TheDoneHookLineGivesCountsAndPercentiles()
    {
        var output = """
Running 15s test @ http://127.0.0.1:1234/small
  1 threads and 16 connections
BENCHJSON {"requests":300000,"duration_us":15000000,"errors":3,"non2xx":2,"p50":400,"p75":600,"p90":900,"p99":2000,"p999":5000}
""";

        var r = Wrk.Parse(output);

        Assert.Equal(20000, r.ActualQps);
        Assert.Equal(300000, r.Requests);
        Assert.Equal(5, r.Errors);
        Assert.Equal(15, r.DurationSeconds);
        Assert.Equal(0.0004, r.At(50));
        Assert.Equal(0.0009, r.At(90));
        Assert.Equal(0.005, r.At(99.9));
    }

    [Fact]
    public void NoHookLineIsAnError() =>
        Assert.Throws<InvalidOperationException>(() => Wrk.Parse("unable to connect to 127.0.0.1:1"));
}
