using System.Net;

namespace Proxy.Upstream.Config;

/// <summary>
/// A translated <c>config.core.v3.Address</c> of an endpoint. <see cref="EndPoint"/> is set for everything
/// but <see cref="EndpointAddressKind.Hostname"/>, which a DNS cluster resolves into IP addresses.
/// </summary>
/// <remarks>
/// An IP address keeps only its <see cref="IPEndPoint"/>: <see cref="Host"/> and <see cref="AsString"/> are
/// formatted from it when first read (a mesh has tens of thousands of endpoints, most of which are never printed
/// nor carry a request). Equality compares the address, never whether its strings were made yet.
/// </remarks>
public sealed record EndpointAddress
{
    private readonly string? _host;
    private string? _asString;

    public required EndpointAddressKind Kind { get; init; }

    /// <summary>The connectable address: IPEndPoint, UnixDomainSocketEndPoint or <see cref="EnvoyInternalEndPoint"/>.</summary>
    public EndPoint? EndPoint { get; init; }

    /// <summary>The IP literal, DNS name, pipe path or internal listener name, as configured (IPs in their normal form).</summary>
    public string Host
    {
        get => _host ?? (EndPoint as IPEndPoint)?.Address.ToString() ?? string.Empty;
        init => _host = value;
    }

    /// <summary>The port (0 for pipes and internal addresses).</summary>
    public int Port { get; init; }

    /// <summary>
    /// The address as Envoy prints it (admin /clusters, ring hash keys): <c>10.0.0.1:80</c>,
    /// <c>[::1]:80</c>, the pipe path, <c>envoy://listener/id</c>, or <c>name:port</c> for an unresolved name.
    /// </summary>
    public string AsString
    {
        get => _asString ??= EndPoint is IPEndPoint ip ? Format(ip) : string.Empty;
        init => _asString = value;
    }

    /// <summary>The key under which a host at this address is found again by the next update.</summary>
    internal object Identity => EndPoint is IPEndPoint ip ? ip : AsString;

    public static EndpointAddress FromIp(IPEndPoint endPoint) => new()
    {
        Kind = EndpointAddressKind.Ip,
        EndPoint = endPoint,
        Port = endPoint.Port,
    };

    /// <summary>Envoy's <c>Address::Ipv4Instance/Ipv6Instance::asString</c>: v6 in brackets.</summary>
    public static string Format(IPEndPoint endPoint) =>
        endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{endPoint.Address}]:{endPoint.Port}"
            : $"{endPoint.Address}:{endPoint.Port}";

    public bool Equals(EndpointAddress? other) =>
        other is not null && Kind == other.Kind && Port == other.Port && Equals(EndPoint, other.EndPoint) &&
        (EndPoint is IPEndPoint || (string.Equals(Host, other.Host, StringComparison.Ordinal) && string.Equals(AsString, other.AsString, StringComparison.Ordinal)));

    public override int GetHashCode() => HashCode.Combine(Kind, Port, EndPoint as IPEndPoint ?? (object)AsString);

    public override string ToString() => AsString;
}
