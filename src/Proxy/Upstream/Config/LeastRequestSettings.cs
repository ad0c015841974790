namespace Proxy.Upstream.Config;

/// <summary>Settings of the least-request balancer (<c>least_request_lb_config</c> or the LeastRequest policy).</summary>
public sealed record LeastRequestSettings
{
    public static readonly LeastRequestSettings Default = new();

    /// <summary>Hosts sampled per pick when weights are equal (P2C); default 2, at least 2.</summary>
    public int ChoiceCount { get; init; } = 2;

    /// <summary>Exponent of (active + 1) dividing the weight when weights differ; default 1.0.</summary>
    public double ActiveRequestBias { get; init; } = 1.0;

    public LeastRequestSelectionMethod SelectionMethod { get; init; }
}
