namespace Proxy.RateLimit;

/// <summary>One (key, value) entry of a rate limit descriptor.</summary>
internal readonly record struct DescriptorEntry(string Key, string Value);
