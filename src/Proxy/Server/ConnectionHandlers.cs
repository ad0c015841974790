using Microsoft.Extensions.Logging;
using Proxy.Discovery;
using Proxy.Filters.Extensions;
using Proxy.Http;
using Proxy.Http.Codec;
using Proxy.Http.ConnectionManager;
using Proxy.Listeners;
using Proxy.Listeners.Config;
using Proxy.Router;
using Proxy.Routing;
using Proxy.Stats;
using Proxy.Tcp;
using Proxy.Upstream;

namespace Proxy.Server;

/// <summary>
/// Builds the terminal filter of each filter chain: the HTTP connection manager (with inline routes, or the RDS
/// slot its route_config_name names, read once per request) or tcp_proxy. Used for static and LDS listeners.
/// </summary>
internal sealed class ConnectionHandlers
{
    private readonly StatsStore _stats;
    private readonly HttpRouter _router;
    private readonly CodecPool<RequestContext> _codecs;
    private readonly ClusterManager _clusters;
    private readonly RouteConfigRegistry _routes;
    private readonly NodeIdentity _node;
    private readonly TimeProvider _time;
    private readonly DrainDecision _drain;
    private readonly CancellationToken _tcpShutdown;
    private readonly ILoggerFactory _loggers;

    public ConnectionHandlers(StatsStore stats, HttpRouter router, CodecPool<RequestContext> codecs, ClusterManager clusters, RouteConfigRegistry routes, NodeIdentity node, TimeProvider time, DrainDecision drain, CancellationToken tcpShutdown, ILoggerFactory loggers)
    {
        _stats = stats;
        _router = router;
        _codecs = codecs;
        _clusters = clusters;
        _routes = routes;
        _node = node;
        _time = time;
        _drain = drain;
        _tcpShutdown = tcpShutdown;
        _loggers = loggers;
    }

    public Func<FilterChainConfig, IConnectionHandler> For(ListenerConfig listener) => chain => Create(listener, chain);

    private IConnectionHandler Create(ListenerConfig listener, FilterChainConfig chain)
    {
        if (chain.HttpConnectionManager is { } hcm)
        {
            return new HttpConnectionManager(
                hcm,
                new HcmStats(_stats, hcm.StatPrefix, listener.StatPrefix),
                RoutesOf(hcm),
                _router,
                _codecs.Get(hcm.Codec),
                _time,
                _drain,
                _node,
                _loggers);
        }

        if (chain.TcpProxy is { } tcp)
        {
            return new TcpProxyHandler(tcp, new TcpProxyStats(_stats, tcp.StatPrefix), _clusters, _time, Random.Shared, _tcpShutdown, _loggers);
        }

        throw new ConfigException($"listener '{listener.Name}': filter chain '{chain.Name}' has no terminal filter");
    }

    private Func<RouteTable?> RoutesOf(HttpConnectionManagerConfig hcm)
    {
        if (hcm.RdsRouteConfigName is { } name)
        {
            var slot = _routes.Get(name, hcm.StatPrefix);
            return () => slot.Table;
        }

        var inline = hcm.InlineRoutes;
        return () => inline;
    }
}
