namespace Bench.Runner.Model;

/// <summary>Fixed rate (Istio's 1000 qps, no catch-up) or as fast as the connections go.</summary>
public enum LoadMode
{
    Fixed,
    Max,
}
