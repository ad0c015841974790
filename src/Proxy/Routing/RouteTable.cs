using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Http;
using Proxy.Routing.Actions;
using Proxy.Routing.Headers;
using Proxy.Routing.Translation;
using Metadata = Envoy.Config.Core.V3.Metadata;

namespace Proxy.Routing;

/// <summary>
/// A validated, immutable RouteConfiguration and the per-request lookup Envoy's router does with it:
/// virtual host by <c>:authority</c>, then the first route whose match holds. Built once per RDS update (or
/// inline HCM route_config) by <see cref="Translate"/>; read concurrently without locks.
/// </summary>
public sealed class RouteTable
{
    private readonly VirtualHostSelector _selector;

    internal RouteTable(VirtualHostSelector selector, Random random)
    {
        _selector = selector;
        Random = random;
    }

    /// <summary>RouteConfiguration.name.</summary>
    public required string Name { get; init; }

    public required IReadOnlyList<VirtualHost> VirtualHosts { get; init; }

    /// <summary>The least specific level of header mutations.</summary>
    public HeaderMutations RequestMutations { get; init; } = HeaderMutations.Empty;

    public HeaderMutations ResponseMutations { get; init; } = HeaderMutations.Empty;

    /// <summary>When true, route-level mutations are applied last and win; by default the route configuration's win.</summary>
    public bool MostSpecificHeaderMutationsWins { get; init; }

    /// <summary>Removed from requests the HCM considers external (<see cref="HeaderMutator.RemoveInternalOnlyHeaders"/>).</summary>
    public IReadOnlyList<string> InternalOnlyHeaders { get; init; } = [];

    public bool IgnorePortInHostMatching { get; init; }

    public bool IgnorePathParametersInPathMatching { get; init; }

    /// <summary>RouteConfiguration.validate_clusters as given (null: Envoy's default, true for static, false for RDS).</summary>
    public bool? ValidateClusters { get; init; }

    /// <summary>Every cluster named by a route or mirror policy, for validate_clusters and warming.</summary>
    public IReadOnlyList<string> ReferencedClusters { get; init; } = [];

    /// <summary>typed_per_filter_config by filter name: translated by the filter\'s factory, or the Any as received (<see cref="Translation.ProtoValues.FilterConfigs"/>).</summary>

    public IReadOnlyDictionary<string, object> TypedPerFilterConfig { get; init; } = RouteDefaults.NoFilterConfig;

    public Metadata? Metadata { get; init; }

    /// <summary>The random source from the translation context; see <see cref="NextRandomValue"/>.</summary>
    public Random Random { get; }

    /// <summary>
    /// Translates and validates <paramref name="proto"/>; throws <see cref="Proxy.Filters.Extensions.ConfigException"/>
    /// naming the route configuration, virtual host, route and field of the first problem.
    /// </summary>
    public static RouteTable Translate(RouteConfiguration proto, RouteTranslationContext ctx) =>
        RouteTableTranslator.Translate(proto, ctx);

    /// <summary>
    /// One random value per request, shared by <c>runtime_fraction</c> matching and the weighted cluster pick as
    /// in Envoy (which uses the stream's random value for both).
    /// </summary>
    public ulong NextRandomValue() => (ulong)Random.NextInt64();

    public VirtualHost? FindVirtualHost(string? authority) => _selector.Find(authority);

    /// <summary>Routes <paramref name="request"/>: virtual host, TLS requirement, then routes in order.</summary>
    public RouteMatchResult Route(in RequestView request, ulong randomValue)
    {
        VirtualHost? virtualHost = _selector.Find(request.Authority);
        if (virtualHost is null)
        {
            return default;
        }

        // Envoy's VirtualHostImpl::getRouteFromEntries decides on x-forwarded-proto, not the connection, so
        // http:// URLs served over TLS are not redirected.
        string proto = request.ForwardedProto;
        if (proto.Length == 0)
        {
            return new RouteMatchResult(virtualHost, null, false);
        }

        if (virtualHost.RequireTls != TlsRequirement.None && !string.Equals(proto, "https", StringComparison.Ordinal))
        {
            if (virtualHost.RequireTls == TlsRequirement.All || !IsEnvoyInternal(request))
            {
                return new RouteMatchResult(virtualHost, null, true);
            }
        }

        RouteEntry[] routes = virtualHost.Routes;
        bool pathless = request.Path is null;
        for (int i = 0; i < routes.Length; i++)
        {
            RouteEntry route = routes[i];
            if (pathless && !route.Match.SupportsPathlessRequests)
            {
                continue;
            }

            if (route.Match.Matches(request, randomValue))
            {
                return new RouteMatchResult(virtualHost, route, false);
            }
        }

        return new RouteMatchResult(virtualHost, null, false);
    }

    /// <summary>Convenience for callers holding an ASP.NET Core request; draws the random value from <see cref="Random"/>.</summary>
    public RouteMatchResult Route(HttpRequest request) => Route(RequestView.From(request), NextRandomValue());

    private static bool IsEnvoyInternal(in RequestView request) =>
        request.Headers.TryGetValue("x-envoy-internal", out var value) && value.Count > 0
        && string.Equals(value[0], "true", StringComparison.Ordinal);
}
