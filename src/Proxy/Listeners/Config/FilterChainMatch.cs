namespace Proxy.Listeners.Config;

/// <summary>
/// The criteria of one filter chain (Envoy's FilterChainMatch). Empty criteria are wildcards. The chain to
/// use is picked level by level by <see cref="Proxy.Listeners.FilterChainSelector"/>.
/// </summary>
internal sealed record FilterChainMatch
{
    public static readonly FilterChainMatch Any = new();

    public int? DestinationPort { get; init; }

    public IReadOnlyList<CidrRange> PrefixRanges { get; init; } = [];

    /// <summary>Exact names, or wildcards as "*.example.com" (lower case).</summary>
    public IReadOnlyList<string> ServerNames { get; init; } = [];

    /// <summary>"raw_buffer", "tls", or empty for any.</summary>
    public string TransportProtocol { get; init; } = "";

    public IReadOnlyList<string> ApplicationProtocols { get; init; } = [];

    public IReadOnlyList<CidrRange> DirectSourcePrefixRanges { get; init; } = [];

    public ConnectionSourceType SourceType { get; init; }

    public IReadOnlyList<CidrRange> SourcePrefixRanges { get; init; } = [];

    public IReadOnlyList<int> SourcePorts { get; init; } = [];
}
