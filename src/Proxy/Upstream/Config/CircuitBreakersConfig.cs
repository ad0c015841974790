namespace Proxy.Upstream.Config;

/// <summary>
/// Cluster-wide thresholds per routing priority and per-host limits. Envoy applies only
/// <c>max_connections</c> of <c>per_host_thresholds</c>; unset per-host limits are unlimited.
/// </summary>
public sealed record CircuitBreakersConfig
{
    public static readonly CircuitBreakersConfig Default = new();

    /// <summary>Thresholds of routing priority DEFAULT.</summary>
    public CircuitBreakerThresholds DefaultPriority { get; init; } = CircuitBreakerThresholds.Default;

    /// <summary>Thresholds of routing priority HIGH.</summary>
    public CircuitBreakerThresholds HighPriority { get; init; } = CircuitBreakerThresholds.Default;

    /// <summary><c>per_host_thresholds[priority=DEFAULT].max_connections</c>; uint.MaxValue when unset.</summary>
    public uint PerHostMaxConnections { get; init; } = uint.MaxValue;

    /// <summary><c>per_host_thresholds[priority=HIGH].max_connections</c>; uint.MaxValue when unset.</summary>
    public uint PerHostMaxConnectionsHighPriority { get; init; } = uint.MaxValue;
}
