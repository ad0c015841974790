using Envoy.Config.Route.V3;

namespace Bench.Micro.Routing;

/// <summary>
/// A route configuration shaped like the one istiod sends a sidecar for port 80 in a mesh of
/// <c>services</c> services: one virtual host per service with the domains Istio generates (FQDN, short
/// names, namespace-qualified, cluster IP, each with and without :80), a default route, and for every
/// tenth service a few header and regex routes before it; then Istio's <c>allow_any</c> catch-all "*".
/// </summary>
public static class IstioRoutes
{
    public static RouteConfiguration Build(int services)
    {
        var config = new RouteConfiguration { Name = "80", ValidateClusters = false };
        for (var i = 0; i < services; i++)
        {
            var (service, ns) = Name(i);
            var fqdn = $"{service}.{ns}.svc.cluster.local";
            var cluster = $"outbound|80||{fqdn}";
            var vh = new VirtualHost { Name = fqdn + ":80" };
            foreach (var domain in new[] { fqdn, service, $"{service}.{ns}", $"{service}.{ns}.svc", ClusterIp(i) })
            {
                vh.Domains.Add(domain);
                vh.Domains.Add(domain + ":80");
            }

            if (i % 10 == 0)
            {
                vh.Routes.Add(new Route
                {
                    Name = "canary",
                    Match = new RouteMatch
                    {
                        Prefix = "/",
                        Headers = { new HeaderMatcher { Name = "x-canary", StringMatch = new Envoy.Type.Matcher.V3.StringMatcher { Exact = "true" } } },
                    },
                    Route_ = new RouteAction { Cluster = $"outbound|80|v2|{fqdn}" },
                });
                vh.Routes.Add(new Route
                {
                    Name = "users",
                    Match = new RouteMatch { SafeRegex = new Envoy.Type.Matcher.V3.RegexMatcher { Regex = "/users/[0-9]+" } },
                    Route_ = new RouteAction { Cluster = cluster },
                });
            }

            vh.Routes.Add(new Route { Name = "default", Match = new RouteMatch { Prefix = "/" }, Route_ = new RouteAction { Cluster = cluster } });
            config.VirtualHosts.Add(vh);
        }

        var allowAny = new VirtualHost { Name = "allow_any", Domains = { "*" } };
        allowAny.Routes.Add(new Route { Name = "allow_any", Match = new RouteMatch { Prefix = "/" }, Route_ = new RouteAction { Cluster = "PassthroughCluster" } });
        config.VirtualHosts.Add(allowAny);
        return config;
    }

    /// <summary>Service i: "svc-i" in one of 20 namespaces.</summary>
    public static (string Service, string Namespace) Name(int i) => ($"svc-{i}", $"ns-{i % 20}");

    public static string ClusterIp(int i) => $"10.96.{i / 250}.{(i % 250) + 1}";
}
