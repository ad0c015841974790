namespace Proxy.Xds.Client;

/// <summary>
/// What one DiscoveryResponse (or DeltaDiscoveryResponse, or file read) says about one resource type.
/// <para>
/// State of the world: <see cref="Resources"/> is every resource the server sent for this type;
/// <see cref="Removed"/> is empty. Whether a resource missing from it is removed is the watcher's rule
/// (listeners and clusters are; routes and endpoints are not).
/// Delta: <see cref="Resources"/> are the added or changed resources and <see cref="Removed"/> the names the
/// server removed.
/// </para>
/// </summary>
public sealed class XdsUpdate
{
    public required XdsResourceType Type { get; init; }

    /// <summary>version_info (SotW) or system_version_info (Delta); may be empty.</summary>
    public required string Version { get; init; }

    public required IReadOnlyList<XdsResource> Resources { get; init; }

    public required IReadOnlyList<string> Removed { get; init; }

    public required bool IsStateOfTheWorld { get; init; }
}
