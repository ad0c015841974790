using Bench.Runner.Load;
using Bench.Runner.Model;
using Bench.Runner.Upstreams;

namespace Bench.Runner.Tests.Load;

public sealed class FortioTests
{
    [Fact]
    public void JsonResultGivesFortiosFigures()
    {
        // The fields fortio load -json writes that the harness reads (trimmed).
        var json = """
{
  "RunType": "HTTP",
  "RequestedQPS": "1000",
  "ActualQPS": 998.7,
  "ActualDuration": 15001000000,
  "NumThreads": 16,
  "DurationHistogram": {
    "Count": 14981,
    "Min": 0.000101,
    "Avg": 0.00023,
    "Percentiles": [
      {"Percentile": 50, "Value": 0.00021},
      {"Percentile": 90, "Value": 0.00031},
      {"Percentile": 99, "Value": 0.00062},
      {"Percentile": 99.9, "Value": 0.0011}
    ]
  },
  "RetCodes": {"200": 14978, "503": 3}
}
""";

        var r = Fortio.Parse(json);

        Assert.Equal(998.7, r.ActualQps);
        Assert.Equal(14981, r.Requests);
        Assert.Equal(3, r.Errors);
        Assert.Equal(15.001, r.DurationSeconds, 6);
        Assert.Equal(0.00021, r.At(50));
        Assert.Equal(0.0011, r.At(99.9));
        Assert.True(double.IsNaN(r.At(75)));
    }

    // Usage text as Go's flag package prints it: the flag on one line, its help indented on the next.
    [Theory]
    [InlineData("  -h2\n    \tAttempt to use HTTP/2.0 / h2 (instead of HTTP/1.1) for both TLS and h2c\n  -httpbufferkb int\n", true)]
    [InlineData("  -h2\n    \tAttempt to use http2.0 / h2 (instead of http 1.1) with stdclient and TLS\n  -halfclose\n    \tdescription with h2c\n", false)]
    [InlineData("  -gomaxprocs int\n    \tSetting for runtime.GOMAXPROCS\n  -halfclose\n    \tWhen not keepalive\n", false)]
    public void H2cClientIsReadFromTheH2FlagsHelp(string help, bool h2c) => Assert.Equal(h2c, Fortio.HelpOffersH2c(help));

    [Fact]
    public void H2cLoadFallsBackToH2loadWhenFortioHasNoH2cClient()
    {
        Assert.IsType<Fortio>(Harness.Pick("/f", fortioH2c: false, "/h", "/w", Scenario.Http1, LoadMode.Fixed));
        Assert.IsType<Fortio>(Harness.Pick("/f", fortioH2c: false, "/h", "/w", Scenario.Http1, LoadMode.Max));
        Assert.IsType<Fortio>(Harness.Pick("/f", fortioH2c: true, "/h", "/w", Scenario.H2c, LoadMode.Fixed));
        Assert.IsType<H2Load>(Harness.Pick("/f", fortioH2c: false, "/h", "/w", Scenario.H2c, LoadMode.Fixed));
        Assert.IsType<H2Load>(Harness.Pick("/f", fortioH2c: false, "/h", "/w", Scenario.H2c, LoadMode.Max));
        Assert.Null(Harness.Pick("/f", fortioH2c: false, null, "/w", Scenario.H2c, LoadMode.Fixed));
    }

    [Fact]
    public void WithoutFortioWrkTakesHttp1AtMaximumRateAndH2loadTheRest()
    {
        Assert.IsType<Wrk>(Harness.Pick(null, fortioH2c: false, "/h", "/w", Scenario.Http1, LoadMode.Max));
        Assert.IsType<H2Load>(Harness.Pick(null, fortioH2c: false, "/h", "/w", Scenario.Http1, LoadMode.Fixed));
        Assert.IsType<H2Load>(Harness.Pick(null, fortioH2c: false, "/h", "/w", Scenario.H2c, LoadMode.Max));
        Assert.IsType<H2Load>(Harness.Pick(null, fortioH2c: false, "/h", null, Scenario.Http1, LoadMode.Max));
    }

    [Fact]
    public void FixedRateUsesIstiosFlags()
    {
        var args = Fortio.Arguments(new LoadRequest("http://127.0.0.1:1/echo?size=1024", false, LoadMode.Fixed, 16, 1000, TimeSpan.FromSeconds(30), 2, "l", 1024), "/r.json");

        Assert.Equal(
            "load -c 16 -qps 1000 -uniform -nocatchup -r 0.000001 -p 50,75,90,99,99.9 -t 30s -loglevel Warning -json /r.json http://127.0.0.1:1/echo?size=1024",
            string.Join(' ', args));
    }

    [Fact]
    public void OneMebibyteResponsesGetABufferThatHoldsThem()
    {
        var large = Fortio.Arguments(new LoadRequest("http://127.0.0.1:1/echo?size=1048576", true, LoadMode.Max, 16, 0, TimeSpan.FromSeconds(5), 2, "l", 1048576), "/r.json");
        var small = Fortio.Arguments(new LoadRequest("http://127.0.0.1:1/echo?size=1024", false, LoadMode.Max, 16, 0, TimeSpan.FromSeconds(5), 2, "l", 1024), "/r.json");

        Assert.Equal("1040", large[large.IndexOf("-httpbufferkb") + 1]);
        Assert.Contains("-h2", large);
        Assert.Equal(["-qps", "0"], large.GetRange(3, 2));
        Assert.DoesNotContain("-httpbufferkb", small);
    }

    [Fact]
    public void FortioServerEchoesTheLargeScenariosMebibyte()
    {
        var args = UpstreamLauncher.FortioServerArguments(8080, 1024);
        Assert.Equal("1024", args[args.IndexOf("-maxpayloadsizekb") + 1]);
        Assert.Equal("127.0.0.1:8080", args[args.IndexOf("-http-port") + 1]);

        var bigger = UpstreamLauncher.FortioServerArguments(8080, 2 * 1024 * 1024 + 1);
        Assert.Equal("2049", bigger[bigger.IndexOf("-maxpayloadsizekb") + 1]);
    }
}
