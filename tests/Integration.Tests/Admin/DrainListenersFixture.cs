using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Admin;

/// <summary>A proxy of its own for /drain_listeners, which leaves it without listeners.</summary>
public sealed class DrainListenersFixture : ProxyFixture
{
    protected override async Task<string> PrepareAsync()
    {
        var upstream = Own(await TestUpstream.StartAsync("web"));
        return Bootstraps.Server(
            Bootstraps.HttpListener("ingress", Port, Bootstraps.CatchAll("web")),
            Bootstraps.StaticCluster("web", ports: upstream.Port));
    }
}
