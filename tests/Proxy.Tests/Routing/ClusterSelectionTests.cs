using Proxy.Routing;
using Proxy.Routing.Actions;

namespace Proxy.Tests.Routing;

public sealed class ClusterSelectionTests
{
    [Fact]
    public void WeightedSplitFollowsTheWeightsOverManyPicks()
    {
        RouteTable table = Routes.WithRoutes("""
            - match: {prefix: /}
              route:
                weighted_clusters:
                  clusters:
                  - {name: a, weight: 70}
                  - {name: b, weight: 20}
                  - {name: c, weight: 10}
            """, Routes.Context(new Random(12345)));
        RouteEntry route = table.VirtualHosts[0].Routes[0];
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        const int Picks = 20_000;
        for (int i = 0; i < Picks; i++)
        {
            RequestView request = Routes.Request("/");
            string? cluster = ClusterSelector.SelectCluster(route, request, table.NextRandomValue(), out WeightedCluster? picked);
            Assert.Equal(cluster, picked!.Name);
            counts[cluster!]++;
        }

        // Binomial standard deviation is at most ~0.35% of the picks here; allow about 4 of them.
        Assert.InRange(counts["a"], 13_700, 14_300);
        Assert.InRange(counts["b"], 3_720, 4_280);
        Assert.InRange(counts["c"], 1_790, 2_210);
    }

    [Theory]
    [InlineData(0UL, "a")]
    [InlineData(69UL, "a")]
    [InlineData(70UL, "b")]
    [InlineData(89UL, "b")]
    [InlineData(90UL, "c")]
    [InlineData(199UL, "c")]
    public void PickUsesRandomModuloTotalWeightOverCumulativeIntervals(ulong random, string expected)
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /}, route: {weighted_clusters: {clusters: [{name: a, weight: 70}, {name: b, weight: 20}, {name: c, weight: 10}]}}}");
        Assert.Equal(expected, ClusterSelector.SelectCluster(table.VirtualHosts[0].Routes[0], Routes.Request("/"), random, out _));
    }

    [Fact]
    public void RandomValueHeaderOverridesTheRandomValue()
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /}, route: {weighted_clusters: {header_name: x-random, clusters: [{name: a, weight: 50}, {name: b, weight: 50}]}}}");
        RouteEntry route = table.VirtualHosts[0].Routes[0];
        Assert.Equal("b", ClusterSelector.SelectCluster(route, Routes.Request("/", headers: [("x-random", "75")]), 0, out _));
        Assert.Equal("a", ClusterSelector.SelectCluster(route, Routes.Request("/", headers: [("x-random", "125")]), 99, out _));
        // Invalid or multi-valued headers fall back to the request's random value.
        Assert.Equal("b", ClusterSelector.SelectCluster(route, Routes.Request("/", headers: [("x-random", "abc")]), 60, out _));
        Assert.Equal("b", ClusterSelector.SelectCluster(route, Routes.Request("/", headers: [("x-random", "1"), ("x-random", "2")]), 60, out _));
    }

    [Fact]
    public void ClusterHeaderUsesTheFirstValue()
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /}, route: {cluster_header: x-cluster}}");
        RouteEntry route = table.VirtualHosts[0].Routes[0];
        Assert.Equal("one", ClusterSelector.SelectCluster(route, Routes.Request("/", headers: [("x-cluster", "one"), ("x-cluster", "two")]), 0, out _));
        Assert.Null(ClusterSelector.SelectCluster(route, Routes.Request("/"), 0, out _));
        Assert.Null(ClusterSelector.SelectCluster(route, Routes.Request("/", headers: [("x-cluster", "")]), 0, out _));
    }

    [Fact]
    public void WeightedEntryWithClusterHeader()
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /}, route: {weighted_clusters: {clusters: [{cluster_header: x-target, weight: 1}]}}}");
        RouteEntry route = table.VirtualHosts[0].Routes[0];
        Assert.Equal("dyn", ClusterSelector.SelectCluster(route, Routes.Request("/", headers: [("x-target", "dyn")]), 0, out var picked));
        Assert.NotNull(picked);
        Assert.Null(ClusterSelector.SelectCluster(route, Routes.Request("/"), 0, out _));
    }

    [Fact]
    public void PlainClusterAndNonForwardingRoutes()
    {
        RouteTable table = Routes.WithRoutes("""
            - {match: {prefix: /a}, route: {cluster: fixed}}
            - {match: {prefix: /b}, non_forwarding_action: {}}
            - {match: {prefix: /c}, direct_response: {status: 204}}
            """);
        RouteEntry[] routes = table.VirtualHosts[0].Routes;
        Assert.Equal("fixed", ClusterSelector.SelectCluster(routes[0], Routes.Request("/a"), 0, out var picked));
        Assert.Null(picked);
        Assert.IsType<NonForwardingAction>(routes[1].Action);
        Assert.Null(ClusterSelector.SelectCluster(routes[1], Routes.Request("/b"), 0, out _));
        Assert.Null(ClusterSelector.SelectCluster(routes[2], Routes.Request("/c"), 0, out _));
    }

    [Fact]
    public void OptionalClusterSpecifierPluginResolvesToNoCluster()
    {
        RouteTable table = Routes.Table("""
            cluster_specifier_plugins: [{is_optional: true, extension: {name: lookup, typed_config: {'@type': type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}}}]
            virtual_hosts: [{name: vh, domains: ['*'], routes: [{match: {prefix: /}, route: {cluster_specifier_plugin: lookup}}]}]
            """);
        RouteEntry route = table.VirtualHosts[0].Routes[0];
        Assert.Equal("lookup", route.RouteAction!.ClusterSpecifierPlugin);
        Assert.Null(ClusterSelector.SelectCluster(route, Routes.Request("/"), 0, out _));
    }

    [Fact]
    public void SelectFromHttpRequestDrawsFromTheTablesRandom()
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /}, route: {weighted_clusters: {clusters: [{name: a, weight: 1}, {name: b, weight: 1}]}}}", Routes.Context(new Random(3)));
        RouteEntry route = table.VirtualHosts[0].Routes[0];
        var seen = new HashSet<string?>();
        for (int i = 0; i < 64; i++)
        {
            seen.Add(ClusterSelector.SelectCluster(route, Routes.Http("/").Request, out _));
        }

        Assert.Equal(new HashSet<string?> { "a", "b" }, seen);
    }
}
