using Bench.Runner.Model;
using Bench.Runner.Targets;

namespace Bench.Runner.Tests.Targets;

/// <summary>nginx is configured as the other proxies are: same workers, upstream keep-alive, no access log.</summary>
public sealed class NginxConfigTests
{
    [Fact]
    public void HttpProxyKeepsUpstreamConnectionsAliveWithoutLogging()
    {
        var conf = NginxConfig.Proxy("/w", Scenario.Http1, 8080, 9090, workers: 3);

        Assert.Contains("worker_processes 3;", conf, StringComparison.Ordinal);
        Assert.Contains("access_log off;", conf, StringComparison.Ordinal);
        Assert.Contains("server 127.0.0.1:9090;", conf, StringComparison.Ordinal);
        Assert.Contains("keepalive 256;", conf, StringComparison.Ordinal);
        Assert.Contains("proxy_http_version 1.1;", conf, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Connection \"\";", conf, StringComparison.Ordinal);
        Assert.Contains("listen 127.0.0.1:8080;", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("http2_max_requests", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void H2cListensWithHttp2() =>
        Assert.Contains("listen 127.0.0.1:8080 http2;", NginxConfig.Proxy("/w", Scenario.H2c, 8080, 9090, 2), StringComparison.Ordinal);

    [Fact]
    public void TcpUsesTheStreamModule()
    {
        var conf = NginxConfig.Proxy("/w", Scenario.Tcp, 8080, 9090, 2);

        Assert.StartsWith("load_module " + NginxConfig.StreamModule, conf, StringComparison.Ordinal);
        Assert.Contains("stream {", conf, StringComparison.Ordinal);
        Assert.Contains("proxy_pass upstream;", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("http {", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void UpstreamServesFilesWithoutSendfileOnHttp2()
    {
        var conf = NginxConfig.Upstream("/w", "/w/www", 9090, 9091, 2);

        Assert.Contains("listen 127.0.0.1:9090;", conf, StringComparison.Ordinal);
        var h2 = conf[conf.IndexOf("listen 127.0.0.1:9091 http2;", StringComparison.Ordinal)..];
        Assert.Contains("sendfile off;", h2, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Scenario.Http1)]
    [InlineData(Scenario.H2c)]
    [InlineData(Scenario.Tcp)]
    public void NginxAcceptsTheProxyConfig(Scenario scenario)
    {
        using var dir = new TempDirectory();
        ConfigCheck.Nginx(dir.Path, NginxConfig.Proxy(dir.Path, scenario, 18080, 19090, 2));
    }

    [Fact]
    public void NginxAcceptsTheUpstreamConfig()
    {
        using var dir = new TempDirectory();
        ConfigCheck.Nginx(dir.Path, NginxConfig.Upstream(dir.Path, dir.Path, 19090, 19091, 2));
    }
}
