using Envoy.Config.Accesslog.V3;
using Proxy.Filters.AccessLog;
using Proxy.Http.ConnectionManager;
using Proxy.Rbac;
using Proxy.Tcp;
using NetworkRbacProto = Envoy.Extensions.Filters.Network.Rbac.V3.RBAC;
using Hcm = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager;
using TcpProxyProto = Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxy;

namespace Proxy.Listeners.Config;

/// <summary>What translating a listener needs: the terminal filter translators and the accepted-but-inactive lists.</summary>
internal sealed class ListenerTranslationContext
{
    public required Func<Hcm, HttpConnectionManagerConfig> TranslateHttpConnectionManager { get; init; }

    public required Func<TcpProxyProto, TcpProxyConfig> TranslateTcpProxy { get; init; }

    public required Func<AccessLog, IAccessLogger> CreateAccessLog { get; init; }

    /// <summary>The network RBAC filter (filter name, config), with its stats in the server's root scope.</summary>
    public required Func<string, NetworkRbacProto, NetworkRbacFilter> TranslateNetworkRbac { get; init; }

    /// <summary>Network filter types accepted and skipped (e.g. Istio's metadata exchange, wasm stats).</summary>
    public required IReadOnlySet<string> InactiveNetworkFilters { get; init; }

    /// <summary>Listener filter types accepted and skipped.</summary>
    public required IReadOnlySet<string> InactiveListenerFilters { get; init; }

    /// <summary>Transport socket types accepted in config whose chains refuse connections until implemented.</summary>
    public required IReadOnlySet<string> InactiveTransportSockets { get; init; }
}
