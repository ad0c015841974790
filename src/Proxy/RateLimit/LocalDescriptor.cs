namespace Proxy.RateLimit;

/// <summary>
/// A configured descriptor (common.ratelimit.v3.LocalRateLimitDescriptor) and its own bucket. A request
/// descriptor matches when it has the same keys in the same order and the same values; a configured empty
/// value matches any value.
/// </summary>
internal sealed class LocalDescriptor
{
    public LocalDescriptor(DescriptorEntry[] entries, TokenBucket bucket)
    {
        Entries = entries;
        Bucket = bucket;
    }

    public DescriptorEntry[] Entries { get; }

    public TokenBucket Bucket { get; }

    public bool Matches(List<DescriptorEntry> request)
    {
        if (request.Count != Entries.Length)
        {
            return false;
        }

        for (var i = 0; i < Entries.Length; i++)
        {
            if (!string.Equals(Entries[i].Key, request[i].Key, StringComparison.Ordinal)
                || (Entries[i].Value.Length != 0 && !string.Equals(Entries[i].Value, request[i].Value, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
