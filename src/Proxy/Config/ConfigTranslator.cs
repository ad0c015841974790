using Envoy.Config.Accesslog.V3;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Proxy.Bootstrap;
using Proxy.Filters.AccessLog;
using Proxy.Filters.Extensions;
using Proxy.Filters.Stats;
using Proxy.Http.ConnectionManager;
using Proxy.Http.Filters;
using Proxy.Authz;
using Proxy.RateLimit;
using Proxy.Rbac;
using Proxy.Listeners.Config;
using Proxy.Routing;
using Proxy.Tcp;
using Proxy.Upstream.Config;

namespace Proxy.Config;

/// <summary>
/// The translators of every resource type wired together (DESIGN.md step 1): listeners with their
/// connection managers, routes and access logs; clusters. Used by serve mode and by --mode validate, so
/// both refuse exactly the same configurations.
/// </summary>
internal sealed class ConfigTranslator
{
    private readonly Proxy.Bootstrap.RuntimeLayers _runtime;
    private readonly RouteTranslationContext _routes;
    private readonly AccessLogFactoryContext _accessLogs;
    private readonly HttpFilterRegistry _filters;
    private readonly IStatsScope _stats;
    private readonly TimeProvider _time;

    /// <param name="runtime">The bootstrap's layered_runtime; none when null.</param>
    public ConfigTranslator(AccessLogFactoryContext accessLogs, IStatsScope stats, TimeProvider time, Proxy.Bootstrap.RuntimeLayers? runtime = null)
    {
        _runtime = runtime ?? Proxy.Bootstrap.RuntimeLayers.Empty;
        _accessLogs = accessLogs;
        _stats = stats;
        _time = time;
        _filters = new HttpFilterRegistry(
            [
                new RbacFilterFactory(),
                new ExtAuthzFilterFactory(accessLogs.GrpcChannels),
                new LocalRateLimitFilterFactory(stats, time, () => accessLogs.Node.Cluster),
            ],
            InactiveTypes());
        _routes = new RouteTranslationContext(static format => new HeaderValueFormatter(format), Random.Shared, filterConfigFactory: _filters.CreateRouteConfig);
    }

    public ListenerConfig TranslateListener(Listener proto)
    {
        var context = new ListenerTranslationContext
        {
            TranslateHttpConnectionManager = hcm => HcmTranslator.Translate(hcm, new HcmTranslationContext
            {
                Filters = _filters,
                TranslateRoutes = TranslateRoutes,
                CreateAccessLog = CreateAccessLog,
                Stats = _stats.CreateScope("http." + hcm.StatPrefix),
                Time = _time,
                Runtime = _runtime,
                BufferLimit = (int)Math.Min(proto.PerConnectionBufferLimitBytes ?? 1024 * 1024, int.MaxValue),
            }),
            TranslateTcpProxy = tcp => TcpProxyTranslator.Translate(tcp, CreateAccessLog),
            CreateAccessLog = CreateAccessLog,
            TranslateNetworkRbac = (name, rbac) => NetworkRbacTranslator.Translate(name, rbac, _stats),
            InactiveNetworkFilters = InactiveTypes(),
            InactiveListenerFilters = InactiveTypes(),
            InactiveTransportSockets = InactiveTypes(),
        };
        return ListenerTranslator.Translate(proto, context);
    }

    public RouteTable TranslateRoutes(RouteConfiguration proto) => RouteTable.Translate(proto, _routes);

    public static ClusterConfig TranslateCluster(Cluster proto) => ClusterTranslator.Translate(proto);

    private IAccessLogger CreateAccessLog(AccessLog proto) => AccessLogFactory.Create(proto, _accessLogs);

    private static HashSet<string> InactiveTypes()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in ExtensionCatalog.AcceptedIgnoredEntries)
        {
            set.Add(entry.TypeName);
        }

        return set;
    }
}
