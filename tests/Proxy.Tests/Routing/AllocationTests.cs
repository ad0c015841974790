using Proxy.Routing;
using Proxy.Routing.Actions;
using Proxy.Routing.Hashing;

namespace Proxy.Tests.Routing;

/// <summary>The per-request path (match, cluster pick, rewrite check, hash) allocates nothing in the common case.</summary>
public sealed class AllocationTests
{
    [Fact]
    public void RoutingACommonRequestAllocatesNothing()
    {
        RouteTable table = Routes.Table("""
            name: r
            virtual_hosts:
            - name: other
              domains: [other.com, '*.other.com', 'other.*']
              routes: [{match: {prefix: /}, route: {cluster: x}}]
            - name: vh
              domains: [api.example.com, 'api.example.com:*']
              routes:
              - {match: {path: /health}, direct_response: {status: 200}}
              - {match: {safe_regex: {regex: '/users/[0-9]+'}, headers: [{name: x-env, string_match: {prefix: prod}}]}, route: {cluster: users}}
              - match: {prefix: /api, case_sensitive: false, query_parameters: [{name: v, string_match: {exact: '2'}}], headers: [{name: ':method', string_match: {exact: GET}}]}
                route:
                  weighted_clusters: {clusters: [{name: a, weight: 1}, {name: b, weight: 3}]}
                  hash_policy: [{header: {header_name: x-user}}, {query_parameter: {name: v}}]
            """);
        RequestView request = Routes.Request("/API/items?v=2", authority: "api.example.com:8443", headers: [("x-env", "production"), ("x-user", "u1")]);
        var remote = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1234);

        long Run(int iterations)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < iterations; i++)
            {
                RouteEntry route = table.Route(request, (ulong)i).Route!;
                string? cluster = ClusterSelector.SelectCluster(route, request, (ulong)i, out WeightedCluster? _);
                ulong? hash = RouteHasher.ComputeHash(route.RouteAction!.HashPolicies, request, remote, null, null, out string? _);
                if (cluster is null || hash is null || route.Match.MatchedLength(request.PathWithoutQuery) != 4)
                {
                    throw new InvalidOperationException("unexpected result");
                }
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Run(2_000);
        Assert.Equal(0, Run(1_000));
    }
}
