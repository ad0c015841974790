using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Timeouts;

/// <summary>
/// One proxy with two connection managers: "idle" (stream_idle_timeout 0.5 s; the "/patient" route
/// overrides it with idle_timeout 10 s) and "whole" (request_timeout 1 s, stream idle timeout off).
/// Route timeouts are off so only the stream timers can end a request.
/// </summary>
public sealed class StreamTimeoutFixture : ProxyFixture
{
    public int IdlePort => Port;

    public int WholePort { get; } = FreePort.Get();

    public TestUpstream Upstream { get; private set; } = null!;

    protected override async Task<string> PrepareAsync()
    {
        Upstream = Own(await TestUpstream.StartAsync("up"));
        const string routes = """
- name: all
  domains: ["*"]
  routes:
  - match: { prefix: "/patient/" }
    route: { cluster: up, prefix_rewrite: "/", timeout: 0s, idle_timeout: 10s }
  - match: { prefix: "/" }
    route: { cluster: up, timeout: 0s }
""";
        var listeners = string.Join("\n",
            Bootstraps.HttpListener("idle", IdlePort, routes, "stream_idle_timeout: 0.5s"),
            Bootstraps.HttpListener("whole", WholePort, routes, "stream_idle_timeout: 0s\nrequest_timeout: 1s"));
        return Bootstraps.Server(listeners, Bootstraps.StaticCluster("up", ports: Upstream.Port));
    }
}
