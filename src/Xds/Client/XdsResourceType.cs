using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;

namespace Proxy.Xds.Client;

/// <summary>
/// One xDS resource type: its type URL, how to parse a resource of it, and where its name is. Listeners and
/// clusters are subscribed as a wildcard; routes, endpoints and secrets by name ("xDS REST and gRPC protocol":
/// how the client specifies what resources to return).
/// </summary>
public sealed class XdsResourceType
{
    private readonly Func<ByteString, IMessage> _parse;
    private readonly Func<IMessage, string> _nameOf;

    private XdsResourceType(string typeName, bool wildcard, Func<ByteString, IMessage> parse, Func<IMessage, string> nameOf, bool parsedOnRead = false)
    {
        TypeUrl = AnyTypes.TypeUrlOf(typeName);
        TypeName = typeName;
        IsWildcard = wildcard;
        ParsedOnRead = parsedOnRead;
        _parse = parse;
        _nameOf = nameOf;
    }

    public static XdsResourceType Listener { get; } = new("envoy.config.listener.v3.Listener", true, static b => Envoy.Config.Listener.V3.Listener.Parser.ParseFrom(b), static m => ((Listener)m).Name);

    public static XdsResourceType RouteConfiguration { get; } = new("envoy.config.route.v3.RouteConfiguration", false, static b => Envoy.Config.Route.V3.RouteConfiguration.Parser.ParseFrom(b), static m => ((RouteConfiguration)m).Name);

    public static XdsResourceType Cluster { get; } = new("envoy.config.cluster.v3.Cluster", true, static b => Envoy.Config.Cluster.V3.Cluster.Parser.ParseFrom(b), static m => ((Cluster)m).Name);

    public static XdsResourceType ClusterLoadAssignment { get; } = new("envoy.config.endpoint.v3.ClusterLoadAssignment", false, static b => Envoy.Config.Endpoint.V3.ClusterLoadAssignment.Parser.ParseFrom(b), static m => ((ClusterLoadAssignment)m).ClusterName, parsedOnRead: true);

    public static XdsResourceType Secret { get; } = new("envoy.extensions.transport_sockets.tls.v3.Secret", false, static b => Envoy.Extensions.TransportSockets.Tls.V3.Secret.Parser.ParseFrom(b), static m => ((Secret)m).Name);

    /// <summary>The five types in Envoy's ADS order (CDS, EDS, LDS, RDS, SDS are requested in this order).</summary>
    public static IReadOnlyList<XdsResourceType> All { get; } = [Cluster, ClusterLoadAssignment, Listener, RouteConfiguration, Secret];

    /// <summary>"type.googleapis.com/envoy.config.listener.v3.Listener".</summary>
    public string TypeUrl { get; }

    /// <summary>"envoy.config.listener.v3.Listener".</summary>
    public string TypeName { get; }

    /// <summary>Whether the client subscribes to every resource of this type (LDS, CDS) rather than by name.</summary>
    public bool IsWildcard { get; }

    public static XdsResourceType? FromTypeUrl(string typeUrl)
    {
        foreach (var type in All)
        {
            if (type.TypeUrl == typeUrl)
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a response's resources are parsed when the watcher reads them rather than when the response
    /// arrives (endpoints): the client reads only the name (field 1 of every xDS resource) from the bytes. A
    /// mesh's EDS response holds tens of thousands of endpoints; parsed all at once, their trees would stay alive
    /// until the whole response is applied, and the collector would copy them between generations. Parsed one
    /// at a time, each dies young.
    /// </summary>
    public bool ParsedOnRead { get; }

    /// <summary>Parses the serialized resource (the value of its Any). Throws InvalidProtocolBufferException.</summary>
    public IMessage Parse(ByteString value) => _parse(value);

    /// <summary>The resource's name: Listener.name, Cluster.name, ClusterLoadAssignment.cluster_name, ...</summary>
    public string NameOf(IMessage resource) => _nameOf(resource);

    public override string ToString() => TypeName;
}
