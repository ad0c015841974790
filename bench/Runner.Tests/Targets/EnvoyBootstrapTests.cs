using Bench.Runner.Model;
using Bench.Runner.Targets;

namespace Bench.Runner.Tests.Targets;

public sealed class EnvoyBootstrapTests
{
    [Theory]
    [InlineData(Scenario.Http1)]
    [InlineData(Scenario.H2c)]
    [InlineData(Scenario.Large)]
    public void HttpScenariosUseOneHcmWithCodecAuto(Scenario scenario)
    {
        var yaml = EnvoyBootstrap.Build(scenario, 8080, 9901, 9090);

        Assert.Contains("http_connection_manager.v3.HttpConnectionManager", yaml, StringComparison.Ordinal);
        Assert.Contains("codec_type: AUTO", yaml, StringComparison.Ordinal);
        Assert.Contains("port_value: 8080", yaml, StringComparison.Ordinal);
        Assert.Contains("port_value: 9901", yaml, StringComparison.Ordinal);
        Assert.Contains("port_value: 9090", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("access_log", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void TcpUsesTcpProxy()
    {
        var yaml = EnvoyBootstrap.Build(Scenario.Tcp, 8080, 9901, 9090);

        Assert.Contains("tcp_proxy.v3.TcpProxy", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("HttpConnectionManager", yaml, StringComparison.Ordinal);
    }
}
