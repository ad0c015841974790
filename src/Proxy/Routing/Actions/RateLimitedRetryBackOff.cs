namespace Proxy.Routing.Actions;

/// <summary>RetryPolicy.rate_limited_retry_back_off.</summary>
public sealed class RateLimitedRetryBackOff
{
    public required IReadOnlyList<ResetHeader> ResetHeaders { get; init; }

    /// <summary>Default 300 s; longer intervals from a header are discarded.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(300);
}
