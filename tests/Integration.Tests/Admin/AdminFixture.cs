using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Admin;

/// <summary>One proxy with a listener "ingress" routing to the cluster "web" (one upstream), for the read-only admin endpoints.</summary>
public sealed class AdminFixture : ProxyFixture
{
    public TestUpstream Upstream { get; private set; } = null!;

    protected override async Task<string> PrepareAsync()
    {
        Upstream = Own(await TestUpstream.StartAsync("web"));
        return Bootstraps.Server(
            Bootstraps.HttpListener("ingress", Port, Bootstraps.CatchAll("web")),
            Bootstraps.StaticCluster("web", ports: Upstream.Port));
    }
}
