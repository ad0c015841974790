using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// What a pick may depend on: the request hash (ring hash / Maglev, from the route's hash_policy), a host to
/// avoid on retries (Envoy's <c>previous_hosts</c> predicate) with the number of extra attempts to find
/// another one (<c>host_selection_retry_max_attempts</c>), and the randomness to use.
/// </summary>
public readonly struct LoadBalancerContext
{
    private readonly Random? _random;

    public LoadBalancerContext(Random random, ulong? hash = null, Host? avoidHost = null, int hostSelectionRetryCount = 1)
    {
        _random = random;
        Hash = hash;
        AvoidHost = avoidHost;
        HostSelectionRetryCount = hostSelectionRetryCount;
    }

    /// <summary>
    /// Per-pick randomness (<see cref="System.Random.Shared"/> in production, seeded in tests); a default context
    /// falls back to the shared one rather than failing on the data path.
    /// </summary>
    public Random Random => _random ?? System.Random.Shared;

    /// <summary>The request's hash for consistent hashing; null picks randomly, as Envoy without a hash policy.</summary>
    public ulong? Hash { get; }

    /// <summary>A host the pick should avoid (the previous attempt's host); null when none.</summary>
    public Host? AvoidHost { get; }

    /// <summary>Further picks to try when the pick is <see cref="AvoidHost"/>; the last pick is returned regardless.</summary>
    public int HostSelectionRetryCount { get; }

    /// <summary>63 random bits, as Envoy's <c>random_.random()</c> feeds its choices.</summary>
    internal ulong NextRandom() => (ulong)Random.NextInt64();
}
