using System.Net;
using System.Net.Sockets;
using Envoy.Config.Core.V3;
using Proxy.Filters.Extensions;

namespace Proxy.Listeners.Config;

/// <summary>envoy.config.core.v3.Address of a listener into an <see cref="EndPoint"/>.</summary>
internal static class AddressTranslator
{
    public static EndPoint Translate(Address address, string field, out bool ipv4Compat)
    {
        ipv4Compat = false;
        switch (address.AddressCase)
        {
            case Address.AddressOneofCase.SocketAddress:
                var socket = address.SocketAddress;
                if (socket.Protocol == Envoy.Config.Core.V3.SocketAddress.Types.Protocol.Udp)
                {
                    throw new ConfigException($"{field}.socket_address.protocol: UDP listeners are not supported");
                }

                if (socket.PortSpecifierCase == Envoy.Config.Core.V3.SocketAddress.PortSpecifierOneofCase.NamedPort)
                {
                    throw new ConfigException($"{field}.socket_address.named_port: not supported, use port_value");
                }

                if (!IPAddress.TryParse(socket.Address, out var ip))
                {
                    throw new ConfigException($"{field}.socket_address.address: '{socket.Address}' is not an IP address (listeners bind IP literals)");
                }

                if (socket.PortValue > 65535)
                {
                    throw new ConfigException($"{field}.socket_address.port_value: {socket.PortValue} is not a port");
                }

                ipv4Compat = socket.Ipv4Compat;
                return new IPEndPoint(ip, (int)socket.PortValue);
            case Address.AddressOneofCase.Pipe:
                if (string.IsNullOrEmpty(address.Pipe.Path))
                {
                    throw new ConfigException($"{field}.pipe.path: must not be empty");
                }

                // "@name" is Linux's abstract namespace, as in Envoy.
                var path = address.Pipe.Path[0] == '@' ? "\0" + address.Pipe.Path[1..] : address.Pipe.Path;
                return new UnixDomainSocketEndPoint(path);
            case Address.AddressOneofCase.EnvoyInternalAddress:
                return new InternalEndPoint(address.EnvoyInternalAddress.ServerListenerName);
            default:
                throw new ConfigException($"{field}: an address is required");
        }
    }

    /// <summary>Envoy's listener stat name for an address: "0.0.0.0_15001", "[__]_80", the pipe path.</summary>
    public static string StatName(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => (ip.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + ip.Address + "]" : ip.Address.ToString()).Replace(':', '_') + "_" + ip.Port,
        InternalEndPoint internalAddress => internalAddress.ServerListenerName,
        _ => endPoint.ToString() ?? "unknown",
    };
}
