using Bench.Runner.Model;
using Bench.Runner.Targets;

namespace Bench.Runner.Tests.Targets;

public sealed class HaproxyConfigTests
{
    [Fact]
    public void HttpModeReusesUpstreamConnectionsWithTheProxysThreadCount()
    {
        var conf = HaproxyConfig.Build(Scenario.Http1, 8080, 9090, threads: 3);

        Assert.Contains("nbthread 3", conf, StringComparison.Ordinal);
        Assert.Contains("mode http", conf, StringComparison.Ordinal);
        Assert.Contains("http-reuse always", conf, StringComparison.Ordinal);
        Assert.Contains("option http-keep-alive", conf, StringComparison.Ordinal);
        Assert.Contains("bind 127.0.0.1:8080\n", conf, StringComparison.Ordinal);
        Assert.Contains("server u1 127.0.0.1:9090", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("\n  log ", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void H2cBindsWithProtoH2() =>
        Assert.Contains("bind 127.0.0.1:8080 proto h2", HaproxyConfig.Build(Scenario.H2c, 8080, 9090, 2), StringComparison.Ordinal);

    [Fact]
    public void TcpModeHasNoHttpOptions()
    {
        var conf = HaproxyConfig.Build(Scenario.Tcp, 8080, 9090, 2);

        Assert.Contains("mode tcp", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("http-reuse", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxconnStaysUnderTheFileLimit() =>
        Assert.Contains("maxconn 4096", HaproxyConfig.Build(Scenario.Http1, 8080, 9090, 2), StringComparison.Ordinal);

    [Theory]
    [InlineData(Scenario.Http1)]
    [InlineData(Scenario.H2c)]
    [InlineData(Scenario.Tcp)]
    [InlineData(Scenario.Large)]
    public void HaproxyAcceptsTheConfig(Scenario scenario)
    {
        using var dir = new TempDirectory();
        ConfigCheck.Haproxy(dir.Path, HaproxyConfig.Build(scenario, 18080, 19090, 2));
    }
}
