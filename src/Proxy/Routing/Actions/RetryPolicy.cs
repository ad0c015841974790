using Proxy.Routing.Matching;

namespace Proxy.Routing.Actions;

/// <summary>
/// RetryPolicy, translated now and executed by the router later. The route's policy replaces the virtual
/// host's entirely; they are never merged (Envoy: "most internal one becomes the enforced policy").
/// </summary>
public sealed class RetryPolicy
{
    public RetryOn RetryOn { get; init; }

    /// <summary><c>num_retries</c>, default 1.</summary>
    public uint NumRetries { get; init; } = 1;

    /// <summary>Null when unset: the route timeout bounds every try.</summary>
    public TimeSpan? PerTryTimeout { get; init; }

    public TimeSpan? PerTryIdleTimeout { get; init; }

    public IReadOnlyList<int> RetriableStatusCodes { get; init; } = [];

    public IReadOnlyList<RetryExtension> RetryHostPredicates { get; init; } = [];

    public RetryExtension? RetryPriority { get; init; }

    /// <summary>Default 1.</summary>
    public long HostSelectionRetryMaxAttempts { get; init; } = 1;

    public RetryBackOff BackOff { get; init; } = RetryBackOff.Default;

    public RateLimitedRetryBackOff? RateLimitedBackOff { get; init; }

    /// <summary>Response headers that make a response retriable when "retriable-headers" is on.</summary>
    public HeaderMatcher[] RetriableHeaders { get; init; } = [];

    /// <summary>All must match the request for any retry to happen.</summary>
    public HeaderMatcher[] RetriableRequestHeaders { get; init; } = [];
}
