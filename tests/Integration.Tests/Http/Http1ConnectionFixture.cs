using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Http;

/// <summary>
/// One proxy with one HTTP listener (codec AUTO, connection idle_timeout 1 s) routing everything to a real
/// upstream, for what clients of one HTTP/1.1 connection rely on: keep-alive, pipelining, framing, the
/// connection idle timeout.
/// </summary>
public sealed class Http1ConnectionFixture : ProxyFixture
{
    public TestUpstream Upstream { get; private set; } = null!;

    protected override async Task<string> PrepareAsync()
    {
        Upstream = Own(await TestUpstream.StartAsync("up"));
        const string routes = """
- name: all
  domains: ["*"]
  routes:
  - match: { prefix: "/" }
    route: { cluster: up }
""";
        var listener = Bootstraps.HttpListener("http1", Port, routes, """
common_http_protocol_options: { idle_timeout: 1s }
upgrade_configs: [{ upgrade_type: websocket }]
""");
        return Bootstraps.Server(listener, Bootstraps.StaticCluster("up", ports: Upstream.Port));
    }
}
