namespace Proxy.Upstream.Config;

/// <summary>A header a health check request adds (<c>request_headers_to_add[]</c>); Append false overwrites.</summary>
public sealed record HeaderToAdd(string Name, string Value, bool Append);
