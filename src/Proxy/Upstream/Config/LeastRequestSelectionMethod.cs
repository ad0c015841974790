namespace Proxy.Upstream.Config;

/// <summary><c>LeastRequest.selection_method</c>: sample <c>choice_count</c> hosts, or scan all of them.</summary>
public enum LeastRequestSelectionMethod
{
    NChoices,
    FullScan,
}
