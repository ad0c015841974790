using Proxy.Xds.Client;
using static Proxy.Tests.Discovery.DiscoveryFixture;

namespace Proxy.Tests.Discovery;

public sealed class RouteDiscoveryTests
{
    [Fact]
    public async Task A_new_route_configuration_replaces_the_table_whole_and_counts_its_stats()
    {
        await using var f = new DiscoveryFixture();
        var slot = f.Routes.Get("r", "ingress");
        f.RouteWatcher.OnUpdate(Sotw(XdsResourceType.RouteConfiguration, "1", RouteConfig("r", "one")));
        var first = slot.Table;

        f.RouteWatcher.OnUpdate(Sotw(XdsResourceType.RouteConfiguration, "2", RouteConfig("r", "two")));

        Assert.NotNull(first);
        Assert.NotSame(first, slot.Table);
        Assert.Equal("2", slot.Resource!.Version);
        Assert.Equal(2UL, f.Stats.Counter("http.ingress.rds.r.update_success").Value);
        Assert.Equal(2UL, f.Stats.Counter("http.ingress.rds.r.config_reload").Value);
    }

    [Fact]
    public async Task A_bad_route_configuration_is_rejected_and_the_old_table_stays()
    {
        await using var f = new DiscoveryFixture();
        var slot = f.Routes.Get("r", "ingress");
        f.RouteWatcher.OnUpdate(Sotw(XdsResourceType.RouteConfiguration, "1", RouteConfig("r", "one")));
        var table = slot.Table;
        var bad = RouteConfig("r", "x");
        bad.VirtualHosts[0].Routes[0].Match = new Envoy.Config.Route.V3.RouteMatch { SafeRegex = new Envoy.Type.Matcher.V3.RegexMatcher { Regex = "a(" } };

        var error = Assert.Throws<XdsRejectedException>(() => f.RouteWatcher.OnUpdate(Sotw(XdsResourceType.RouteConfiguration, "2", bad)));

        Assert.StartsWith("route_configuration 'r'", error.Message, StringComparison.Ordinal);
        Assert.Contains("regex", error.Message, StringComparison.Ordinal);
        Assert.Same(table, slot.Table);
        Assert.Equal(1UL, f.Stats.Counter("http.ingress.rds.r.update_rejected").Value);
    }
}
