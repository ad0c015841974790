using Envoy.Config.Accesslog.V3;
using Envoy.Config.Route.V3;
using Proxy.Filters.AccessLog;
using Proxy.Filters.Stats;
using Proxy.Http.Filters;
using Proxy.Routing;

namespace Proxy.Http.ConnectionManager;

/// <summary>What translating an HTTP connection manager needs from the rest of the proxy.</summary>
internal sealed class HcmTranslationContext
{
    public required HttpFilterRegistry Filters { get; init; }

    public required Func<RouteConfiguration, RouteTable> TranslateRoutes { get; init; }

    public required Func<AccessLog, IAccessLogger> CreateAccessLog { get; init; }

    public required IStatsScope Stats { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>The bootstrap's layered_runtime (runtime feature flags the connection manager reads).</summary>
    public Proxy.Bootstrap.RuntimeLayers Runtime { get; init; } = Proxy.Bootstrap.RuntimeLayers.Empty;

    /// <summary>The listener's per_connection_buffer_limit_bytes.</summary>
    public int BufferLimit { get; init; } = 1024 * 1024;
}
