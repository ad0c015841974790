using Proxy.Routing.Matching;

namespace Proxy.RateLimit.Actions;

/// <summary><c>request_headers</c>: (descriptor_key, the header's value); a missing header stops the rule unless skip_if_absent, which only skips the entry.</summary>
internal sealed class RequestHeadersAction(string headerName, string key, bool skipIfAbsent) : IDescriptorAction
{
    public bool TryAppend(in DescriptorSource source, List<DescriptorEntry> entries)
    {
        if (!HeaderValues.TryGetJoined(source.Request, headerName, out var value))
        {
            return skipIfAbsent;
        }

        entries.Add(new DescriptorEntry(key, value));
        return true;
    }
}
