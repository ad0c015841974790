using Proxy.Http.ConnectionManager;
using Proxy.Rbac;
using Proxy.Tcp;

namespace Proxy.Listeners.Config;

/// <summary>
/// One filter chain of a listener: its match criteria and its network filters, of which the last is the
/// terminal one: an HTTP connection manager or a TCP proxy.
/// </summary>
internal sealed record FilterChainConfig
{
    public required string Name { get; init; }

    public FilterChainMatch Match { get; init; } = FilterChainMatch.Any;

    /// <summary>
    /// Why connections matched to this chain are closed unserved: its transport socket is TLS, or its
    /// tcp_proxy tunnels over HTTP CONNECT; neither is implemented yet, and serving them otherwise (plaintext,
    /// untunnelled) would be worse than refusing. Null for a chain that serves.
    /// </summary>
    public string? Refusal { get; init; }

    public HttpConnectionManagerConfig? HttpConnectionManager { get; init; }

    public TcpProxyConfig? TcpProxy { get; init; }

    /// <summary>Network RBAC filters, in chain order, checked before the terminal filter takes the connection.</summary>
    public IReadOnlyList<NetworkRbacFilter> NetworkRbac { get; init; } = [];

    /// <summary>Non-terminal network filters that were accepted but do nothing yet (ExtensionCatalog).</summary>
    public IReadOnlyList<string> IgnoredFilters { get; init; } = [];
}
