using Google.Protobuf;

namespace Proxy.Discovery;

/// <summary>
/// A resource as the control plane sent it and when it was accepted: what /config_dump prints in its dynamic
/// sections (version_info, the resource, last_updated).
/// </summary>
internal sealed record DynamicResource(string Name, string Version, IMessage Proto, DateTimeOffset LastUpdated);
