namespace Proxy.RateLimit.Actions;

/// <summary>One route.v3.RateLimit.Action: appends its entry, or says it cannot (no descriptor for this rule).</summary>
internal interface IDescriptorAction
{
    bool TryAppend(in DescriptorSource source, List<DescriptorEntry> entries);
}
