using Google.Protobuf.WellKnownTypes;

namespace Proxy.Upstream.Config;

/// <summary>A recorded <c>TypedExtensionConfig</c> (e.g. <c>upstream_config</c>): name and payload, interpreted later.</summary>
public sealed record UpstreamExtensionConfig(string Name, Any? TypedConfig);
