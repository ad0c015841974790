using System.Collections.Immutable;
using System.Net;

namespace Proxy.Upstream.Config;

/// <summary>
/// <c>upstream_bind_config</c>: the local address upstream sockets bind to (Istio binds inbound passthrough
/// connections to 127.0.0.6 so iptables lets them through).
/// </summary>
public sealed record UpstreamBindSettings
{
    public IPEndPoint? SourceAddress { get; init; }

    public bool? Freebind { get; init; }

    /// <summary><c>extra_source_addresses</c>: source addresses for the other IP family.</summary>
    public ImmutableArray<IPEndPoint> ExtraSourceAddresses { get; init; } = ImmutableArray<IPEndPoint>.Empty;
}
