using System.Net;

namespace Proxy.Upstream.Config;

/// <summary>
/// A translated <c>config.core.v3.Address</c> of an endpoint. <see cref="EndPoint"/> is set for everything
/// but <see cref="EndpointAddressKind.Hostname"/>, which a DNS cluster resolves into IP addresses.
/// </summary>
public sealed record EndpointAddress
{
    public required EndpointAddressKind Kind { get; init; }

    /// <summary>The connectable address: IPEndPoint, UnixDomainSocketEndPoint or <see cref="EnvoyInternalEndPoint"/>.</summary>
    public EndPoint? EndPoint { get; init; }

    /// <summary>The IP literal, DNS name, pipe path or internal listener name, as configured.</summary>
    public required string Host { get; init; }

    /// <summary>The port (0 for pipes and internal addresses).</summary>
    public int Port { get; init; }

    /// <summary>
    /// The address as Envoy prints it (admin /clusters, ring hash keys): <c>10.0.0.1:80</c>,
    /// <c>[::1]:80</c>, the pipe path, <c>envoy://listener/id</c>, or <c>name:port</c> for an unresolved name.
    /// </summary>
    public required string AsString { get; init; }

    public static EndpointAddress FromIp(IPEndPoint endPoint) => new()
    {
        Kind = EndpointAddressKind.Ip,
        EndPoint = endPoint,
        Host = endPoint.Address.ToString(),
        Port = endPoint.Port,
        AsString = Format(endPoint),
    };

    /// <summary>Envoy's <c>Address::Ipv4Instance/Ipv6Instance::asString</c>: v6 in brackets.</summary>
    public static string Format(IPEndPoint endPoint) =>
        endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{endPoint.Address}]:{endPoint.Port}"
            : $"{endPoint.Address}:{endPoint.Port}";

    public override string ToString() => AsString;
}
