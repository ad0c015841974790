using System.Collections.Immutable;
using System.Net;

namespace Proxy.Upstream.Dns;

/// <summary>
/// The outcome of one lookup. A name that does not exist resolves successfully to no addresses; a failure
/// (timeout, server error) keeps the cluster's previous hosts and retries at the failure refresh rate.
/// </summary>
public sealed record DnsResult
{
    public bool Success { get; init; }

    public ImmutableArray<IPAddress> Addresses { get; init; } = ImmutableArray<IPAddress>.Empty;

    /// <summary>The smallest TTL of the answer; null when the resolver does not report TTLs (System.Net.Dns).</summary>
    public TimeSpan? Ttl { get; init; }

    public string? Error { get; init; }

    public static DnsResult Resolved(ImmutableArray<IPAddress> addresses, TimeSpan? ttl = null) =>
        new() { Success = true, Addresses = addresses, Ttl = ttl };

    public static DnsResult Failed(string error) => new() { Success = false, Error = error };
}
