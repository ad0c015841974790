namespace Proxy.Upstream.Config;

/// <summary>
/// Circuit breaker limits of one routing priority (<c>circuit_breakers.thresholds[]</c>) with Envoy's defaults:
/// 1024 connections, pending requests and requests, 3 retries, no limit on connection pools.
/// </summary>
public sealed record CircuitBreakerThresholds
{
    public static readonly CircuitBreakerThresholds Default = new();

    public uint MaxConnections { get; init; } = 1024;

    public uint MaxPendingRequests { get; init; } = 1024;

    public uint MaxRequests { get; init; } = 1024;

    public uint MaxRetries { get; init; } = 3;

    /// <summary>Null: retries are limited by <see cref="MaxRetries"/> only.</summary>
    public RetryBudget? RetryBudget { get; init; }

    /// <summary><c>track_remaining</c>: publish <c>circuit_breakers.*.remaining_*</c> gauges.</summary>
    public bool TrackRemaining { get; init; }

    /// <summary><c>max_connection_pools</c>; null is unlimited.</summary>
    public uint? MaxConnectionPools { get; init; }
}
