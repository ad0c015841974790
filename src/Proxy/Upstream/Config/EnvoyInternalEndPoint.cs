using System.Net;
using System.Net.Sockets;

namespace Proxy.Upstream.Config;

/// <summary>
/// An Envoy internal address (<c>envoy_internal_address</c>): a listener inside this proxy, reached without
/// a socket. Envoy prints it as <c>envoy://server_listener_name/endpoint_id</c>.
/// </summary>
public sealed class EnvoyInternalEndPoint : EndPoint
{
    public EnvoyInternalEndPoint(string serverListenerName, string endpointId)
    {
        ServerListenerName = serverListenerName;
        EndpointId = endpointId;
    }

    public string ServerListenerName { get; }

    public string EndpointId { get; }

    public override AddressFamily AddressFamily => AddressFamily.Unspecified;

    public override string ToString() => $"envoy://{ServerListenerName}/{EndpointId}";

    public override bool Equals(object? obj) =>
        obj is EnvoyInternalEndPoint other &&
        other.ServerListenerName == ServerListenerName &&
        other.EndpointId == EndpointId;

    public override int GetHashCode() => HashCode.Combine(ServerListenerName, EndpointId);
}
