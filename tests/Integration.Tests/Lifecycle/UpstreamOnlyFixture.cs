using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Lifecycle;

/// <summary>
/// The upstream for tests that start (and stop) their own proxy: each proxy gets a bootstrap from
/// <see cref="Bootstrap"/> with a fresh listener port.
/// </summary>
public sealed class UpstreamOnlyFixture : IAsyncLifetime
{
    public TestUpstream Upstream { get; private set; } = null!;

    public async Task InitializeAsync() => Upstream = await TestUpstream.StartAsync("up");

    public async Task DisposeAsync() => await Upstream.DisposeAsync();

    /// <summary>One listener "main" on <paramref name="port"/> sending everything to the upstream.</summary>
    public string Bootstrap(int port) => Bootstraps.Server(
        Bootstraps.HttpListener("main", port, Bootstraps.CatchAll("up")),
        Bootstraps.StaticCluster("up", ports: Upstream.Port));
}
