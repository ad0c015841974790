namespace Proxy.Cli;

/// <summary>Envoy's <c>--drain-strategy</c>: how connections are encouraged to close during a drain.</summary>
public enum DrainStrategy
{
    /// <summary>The share of connections asked to close grows over the drain time (default).</summary>
    Gradual,

    /// <summary>All connections are asked to close as soon as the drain starts (what Istio passes).</summary>
    Immediate,
}
