using Bench.Runner.Model;
using Bench.Runner.Options;

namespace Bench.Runner.Tests.Options;

public sealed class OptionParserTests
{
    [Fact]
    public void DefaultsAreIstiosMethod()
    {
        var o = OptionParser.Parse([]);

        Assert.Equal(TimeSpan.FromSeconds(30), o.Duration);
        Assert.Equal([16], o.Connections);
        Assert.Equal(1000, o.Qps);
        Assert.Equal(["direct", "proxy-jit", "proxy-aot", "nginx", "haproxy", "envoy"], o.Targets);
        Assert.Equal([Scenario.Http1, Scenario.H2c, Scenario.Tcp, Scenario.Large], o.Scenarios);
        Assert.Equal([LoadMode.Fixed, LoadMode.Max], o.Modes);
        Assert.Equal(2, o.Concurrency);
        Assert.Equal(1024, o.Payload);
        Assert.Equal(1, o.Rounds);
    }

    [Fact]
    public void TheIssuesCommandLineParses()
    {
        var o = OptionParser.Parse([
            "--duration", "15s", "--connections", "2,16,64", "--qps", "500", "--targets", "direct,proxy-jit,nginx",
            "--scenarios", "http1,h2c", "--out", "/tmp/x", "--concurrency", "4", "--payload", "2048",
            "--envoy", "/opt/envoy", "--fortio", "/opt/fortio", "--proxy-aot", "/opt/proxy", "--rounds", "3",
            "--modes", "max", "--warmup", "500ms", "--jit-warmup", "1m",
        ]);

        Assert.Equal(TimeSpan.FromSeconds(15), o.Duration);
        Assert.Equal([2, 16, 64], o.Connections);
        Assert.Equal(500, o.Qps);
        Assert.Equal(["direct", "proxy-jit", "nginx"], o.Targets);
        Assert.Equal([Scenario.Http1, Scenario.H2c], o.Scenarios);
        Assert.Equal("/tmp/x", o.Out);
        Assert.Equal(4, o.Concurrency);
        Assert.Equal(2048, o.Payload);
        Assert.Equal("/opt/envoy", o.Envoy);
        Assert.Equal("/opt/fortio", o.Fortio);
        Assert.Equal("/opt/proxy", o.ProxyAot);
        Assert.Equal(3, o.Rounds);
        Assert.Equal([LoadMode.Max], o.Modes);
        Assert.Equal(TimeSpan.FromMilliseconds(500), o.Warmup);
        Assert.Equal(TimeSpan.FromMinutes(1), o.JitWarmup);
    }

    [Fact]
    public void TheFloorsAreTargetsWithTheirBuild()
    {
        var o = OptionParser.Parse(["--targets", "direct,floor,floor-transport,floor-kestrel,proxy-aot", "--floor-dll", "/opt/bench-floor.dll"]);

        Assert.Equal(["direct", "floor", "floor-transport", "floor-kestrel", "proxy-aot"], o.Targets);
        Assert.Equal("/opt/bench-floor.dll", o.FloorDll);
    }

    [Fact]
    public void TheBaseBuildIsATargetWithItsBinary()
    {
        var o = OptionParser.Parse(["--targets", "direct,proxy-base,proxy-aot", "--proxy-base", "/opt/proxy-before"]);

        Assert.Equal(["direct", "proxy-base", "proxy-aot"], o.Targets);
        Assert.Equal("/opt/proxy-before", o.ProxyBase);
    }

    [Fact]
    public void RepeatableOptionsAccumulate()
    {
        var o = OptionParser.Parse(["--proxy-env", "DOTNET_TieredPGO=0", "--proxy-arg", "-l", "--proxy-env", "A=B"]);

        Assert.Equal(["DOTNET_TieredPGO=0", "A=B"], o.ProxyEnv);
        Assert.Equal(["-l"], o.ProxyArgs);
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("7", 7_000)]
    public void DurationsTakeUnits(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), OptionParser.ParseDuration("--duration", text));

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "--duration" }, "--duration needs a value")]
    [InlineData(new[] { "--duration", "soon" }, "--duration: 'soon' is not a duration")]
    [InlineData(new[] { "--targets", "direct,squid" }, "--targets: unknown target 'squid'")]
    [InlineData(new[] { "--scenarios", "grpc" }, "unknown scenario 'grpc'")]
    [InlineData(new[] { "--connections", "0" }, "--connections: '0' is not an integer >= 1")]
    [InlineData(new[] { "--qps", "-3" }, "--qps: '-3' is not a positive number")]
    [InlineData(new[] { "--modes", "burst" }, "--modes: unknown mode 'burst'")]
    [InlineData(new[] { "--upstream", "apache" }, "--upstream: 'apache' is not one of")]
    public void MistakesNameTheOption(string[] args, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => OptionParser.Parse(args));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpIsAnOption() => Assert.True(OptionParser.Parse(["--help"]).Help);
}
