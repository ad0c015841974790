namespace Proxy.RateLimit.Actions;

/// <summary><c>generic_key</c>: ("generic_key" or descriptor_key, descriptor_value).</summary>
internal sealed class GenericKeyAction(string key, string value) : IDescriptorAction
{
    public bool TryAppend(in DescriptorSource source, List<DescriptorEntry> entries)
    {
        entries.Add(new DescriptorEntry(key, value));
        return true;
    }
}
