using System.Net;
using System.Net.Sockets;
using Proxy.Listeners.Config;

namespace Proxy.Http.ConnectionManager;

/// <summary>
/// internal_address_config: which client addresses count as internal (x-envoy-internal, header sanitation).
/// Unset: RFC 1918, RFC 4193 and loopback, as Envoy.
/// </summary>
internal static class InternalAddresses
{
    private static readonly CidrRange[] Defaults =
    [
        new(IPAddress.Parse("10.0.0.0"), 8),
        new(IPAddress.Parse("172.16.0.0"), 12),
        new(IPAddress.Parse("192.168.0.0"), 16),
        new(IPAddress.Parse("127.0.0.0"), 8),
        new(IPAddress.Parse("fc00::"), 7),
        new(IPAddress.IPv6Loopback, 128),
    ];

    public static bool IsInternal(IPAddress address, IReadOnlyList<CidrRange> configured)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (configured.Count > 0)
        {
            for (var i = 0; i < configured.Count; i++)
            {
                if (configured[i].Contains(address))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var range in Defaults)
        {
            if (range.Family == address.AddressFamily && range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsUnix(EndPoint? endPoint) => endPoint is UnixDomainSocketEndPoint || endPoint?.AddressFamily == AddressFamily.Unix;
}
