using Proxy.Http.ConnectionManager;
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

    /// <summary>Set when the chain's transport socket is TLS; terminating it is not implemented yet.</summary>
    public string? UnsupportedTransportSocket { get; init; }

    public HttpConnectionManagerConfig? HttpConnectionManager { get; init; }

    public TcpProxyConfig? TcpProxy { get; init; }

    /// <summary>Non-terminal network filters that were accepted but do nothing yet (ExtensionCatalog).</summary>
    public IReadOnlyList<string> IgnoredFilters { get; init; } = [];
}
