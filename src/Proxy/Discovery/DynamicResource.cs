using Google.Protobuf;
using Proxy.Xds.Client;

namespace Proxy.Discovery;

/// <summary>
/// A resource as the control plane sent it and when it was accepted: what /config_dump prints in its dynamic
/// sections (version_info, the resource, last_updated). Clusters and endpoint assignments are held in their
/// wire form (<see cref="Compact"/>) and parsed again only for a dump: a mesh's thousands of clusters and tens
/// of thousands of endpoints would otherwise keep a second object graph next to the runtime built from them.
/// </summary>
internal sealed class DynamicResource
{
    private readonly IMessage? _proto;
    private readonly ByteString? _bytes;
    private readonly MessageParser? _parser;

    public DynamicResource(string name, string version, IMessage proto, DateTimeOffset lastUpdated)
    {
        Name = name;
        Version = version;
        LastUpdated = lastUpdated;
        _proto = proto;
    }

    private DynamicResource(string name, string version, ByteString bytes, MessageParser parser, DateTimeOffset lastUpdated)
    {
        Name = name;
        Version = version;
        LastUpdated = lastUpdated;
        _bytes = bytes;
        _parser = parser;
    }

    public string Name { get; }

    public string Version { get; }

    public DateTimeOffset LastUpdated { get; }

    /// <summary>SDS secrets the resource names (clusters), found when it was accepted so the compact form need not be parsed again.</summary>
    public IReadOnlyList<Envoy.Extensions.TransportSockets.Tls.V3.SdsSecretConfig> Secrets { get; init; } = [];

    /// <summary>
    /// Whether <paramref name="resource"/> is this resource unchanged: message equality, or identical wire bytes
    /// when compact (the bytes the control plane sent, so nothing is serialized again).
    /// </summary>
    public bool SameAs(XdsResource resource) => _proto?.Equals(resource.Message) ?? _bytes!.Equals(resource.ToByteString());

    /// <summary>The resource; parsed from its wire form on each read when compact.</summary>
    public IMessage Proto => _proto ?? _parser!.ParseFrom(_bytes!);

    /// <summary>
    /// Keeps only the serialized resource: the bytes it arrived in, or the message serialized when it came from a
    /// file (the parser is passed: a message's Descriptor builds the whole reflection).
    /// </summary>
    public static DynamicResource Compact(XdsResource resource, MessageParser parser, DateTimeOffset lastUpdated, IReadOnlyList<Envoy.Extensions.TransportSockets.Tls.V3.SdsSecretConfig>? secrets = null) =>
        new(resource.Name, resource.Version, resource.ToByteString(), parser, lastUpdated) { Secrets = secrets ?? [] };

    /// <summary>The resource's wire form.</summary>
    public ByteString ToByteString() => _bytes ?? _proto!.ToByteString();
}
