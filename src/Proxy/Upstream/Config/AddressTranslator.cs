using System.Net;
using System.Net.Sockets;
using Envoy.Config.Core.V3;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace Proxy.Upstream.Config;

/// <summary>Translates an endpoint's <c>config.core.v3.Address</c>; errors carry paths relative to <c>address</c>.</summary>
internal static class AddressTranslator
{
    /// <param name="address">The proto address.</param>
    /// <param name="allowHostname">True for STRICT_DNS / LOGICAL_DNS endpoints, whose socket address may be a DNS name.</param>
    public static EndpointAddress Translate(Address? address, bool allowHostname)
    {
        if (address is null || address.AddressCase == Address.AddressOneofCase.None)
        {
            throw new FieldException(string.Empty, "an address is required (socket_address, pipe or envoy_internal_address)");
        }

        return address.AddressCase switch
        {
            Address.AddressOneofCase.SocketAddress => Socket(address.SocketAddress, allowHostname),
            Address.AddressOneofCase.Pipe => Pipe(address.Pipe),
            _ => Internal(address.EnvoyInternalAddress),
        };
    }

    /// <summary>A socket address that must be an IP literal (bind configs, health check overrides of EDS hosts).</summary>
    public static IPEndPoint TranslateIp(SocketAddress socket)
    {
        var result = Socket(socket, allowHostname: false);
        return (IPEndPoint)result.EndPoint!;
    }

    private static EndpointAddress Socket(SocketAddress socket, bool allowHostname)
    {
        const string Path = "socket_address";
        if (socket.Protocol != SocketAddress.Types.Protocol.Tcp)
        {
            throw new FieldException(Path + ".protocol", "only TCP upstream endpoints are supported");
        }

        if (socket.ResolverName.Length != 0)
        {
            // Envoy looks the name up among registered address resolvers; none but the IP one exists here.
            throw new FieldException(Path + ".resolver_name", $"unknown address resolver '{socket.ResolverName}'");
        }

        if (socket.Address.Length == 0)
        {
            throw new FieldException(Path + ".address", "must not be empty");
        }

        if (socket.PortSpecifierCase == SocketAddress.PortSpecifierOneofCase.NamedPort)
        {
            throw new FieldException(Path + ".named_port", "named ports are not supported; use port_value");
        }

        if (socket.PortValue > 65535)
        {
            throw new FieldException(Path + ".port_value", $"must be at most 65535, got {socket.PortValue}");
        }

        var port = (int)socket.PortValue;
        if (IpLiteral.TryParse(socket.Address, out var ip))
        {
            return EndpointAddress.FromIp(new IPEndPoint(ip, port));
        }

        if (!allowHostname)
        {
            throw new FieldException(Path + ".address", $"malformed IP address: {socket.Address}");
        }

        return new EndpointAddress
        {
            Kind = EndpointAddressKind.Hostname,
            Host = socket.Address,
            Port = port,
            AsString = $"{socket.Address}:{port}",
        };
    }

    private static EndpointAddress Pipe(Envoy.Config.Core.V3.Pipe pipe)
    {
        if (pipe.Path.Length == 0)
        {
            throw new FieldException("pipe.path", "must not be empty");
        }

        if (pipe.Mode > 511)
        {
            throw new FieldException("pipe.mode", $"must be at most 0777, got {pipe.Mode}");
        }

        // A leading '@' names Linux's abstract socket namespace (Envoy's PipeInstance), written as NUL in sockaddr_un.
        var socketPath = pipe.Path[0] == '@' ? "\0" + pipe.Path[1..] : pipe.Path;
        return new EndpointAddress
        {
            Kind = EndpointAddressKind.Pipe,
            EndPoint = new UnixDomainSocketEndPoint(socketPath),
            Host = pipe.Path,
            AsString = pipe.Path,
        };
    }

    private static EndpointAddress Internal(EnvoyInternalAddress internalAddress)
    {
        if (internalAddress.AddressNameSpecifierCase == EnvoyInternalAddress.AddressNameSpecifierOneofCase.None ||
            internalAddress.ServerListenerName.Length == 0)
        {
            throw new FieldException("envoy_internal_address.server_listener_name", "is required");
        }

        var endPoint = new EnvoyInternalEndPoint(internalAddress.ServerListenerName, internalAddress.EndpointId);
        return new EndpointAddress
        {
            Kind = EndpointAddressKind.EnvoyInternal,
            EndPoint = endPoint,
            Host = internalAddress.ServerListenerName,
            AsString = endPoint.ToString(),
        };
    }
}
