namespace Proxy.Routing.Actions;

/// <summary>RouteAction.upgrade_configs entry: turns one upgrade type on or off for the route, overriding the HCM.</summary>
public sealed class UpgradeConfig
{
    /// <summary>Lower-case, e.g. "websocket" or "connect".</summary>
    public required string UpgradeType { get; init; }

    /// <summary><c>enabled</c>, default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>CONNECT only: forward the payload as raw TCP.</summary>
    public bool HasConnectConfig { get; init; }

    /// <summary>connect_config.allow_post: also terminate POST requests as raw TCP.</summary>
    public bool AllowPost { get; init; }

    /// <summary>connect_config.proxy_protocol_config is set: prepend a PROXY protocol header upstream.</summary>
    public bool HasProxyProtocolConfig { get; init; }
}
