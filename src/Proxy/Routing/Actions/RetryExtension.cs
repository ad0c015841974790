namespace Proxy.Routing.Actions;

/// <summary>A retry plugin named in a RetryPolicy (retry_host_predicate, retry_priority), by name and typed_config type URL.</summary>
public sealed record RetryExtension(string Name, string? TypeUrl);
