using Proxy.Routing.Matching;

namespace Proxy.RateLimit.Actions;

/// <summary><c>header_value_match</c>: (descriptor_key or "header_match", descriptor_value) when the headers match (or, with expect_match false, when they do not).</summary>
internal sealed class HeaderValueMatchAction(string key, string value, bool expectMatch, HeaderMatcher[] headers) : IDescriptorAction
{
    public bool TryAppend(in DescriptorSource source, List<DescriptorEntry> entries)
    {
        if (HeaderMatcher.MatchAll(headers, source.Request) != expectMatch)
        {
            return false;
        }

        entries.Add(new DescriptorEntry(key, value));
        return true;
    }
}
