namespace Proxy.Upstream.Config;

/// <summary>
/// One <c>override_host_sources</c> entry of <c>envoy.load_balancing_policies.override_host</c>: a request
/// header, or a dynamic metadata key and path, holding <c>IP:port[,IP:port...]</c> of the host to use.
/// </summary>
public sealed record OverrideHostSource(string? Header, string? MetadataKey, IReadOnlyList<string> MetadataPath);
