using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Proxy.Listeners.Inspection;

/// <summary>
/// Reads the destination a connection had before iptables REDIRECT rewrote it (envoy.filters.listener.original_dst):
/// <c>getsockopt(SOL_IP, SO_ORIGINAL_DST)</c> for IPv4 (also IPv4-mapped on a dual-stack socket) and
/// <c>getsockopt(SOL_IPV6, IP6T_SO_ORIGINAL_DST)</c> for IPv6, both answered by conntrack. A TPROXY socket keeps
/// the original destination as its local address, so there the local address is the answer.
/// </summary>
internal static class OriginalDestination
{
    private const int SolIp = 0;
    private const int SolIpv6 = 41;
    private const int SoOriginalDst = 80;

    /// <summary>The original destination, or null when the kernel knows none (not Linux, no conntrack entry, Unix socket).</summary>
    public static IPEndPoint? Read(Socket socket, IPEndPoint? local)
    {
        if (local is null || !OperatingSystem.IsLinux())
        {
            return null;
        }

        var ipv4 = local.AddressFamily == AddressFamily.InterNetwork || local.Address.IsIPv4MappedToIPv6;
        Span<byte> buffer = stackalloc byte[28];
        try
        {
            var length = socket.GetRawSocketOption(ipv4 ? SolIp : SolIpv6, SoOriginalDst, buffer);
            return Parse(buffer[..length]);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>Decodes a Linux <c>sockaddr_in</c> / <c>sockaddr_in6</c> (family in host order, port in network order).</summary>
    internal static IPEndPoint? Parse(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length < 2)
        {
            return null;
        }

        var family = BitConverter.ToUInt16(sockaddr);
        if (family == 2 && sockaddr.Length >= 8)
        {
            return new IPEndPoint(new IPAddress(sockaddr.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]));
        }

        if (family == 10 && sockaddr.Length >= 28)
        {
            var address = new IPAddress(sockaddr.Slice(8, 16), BitConverter.ToUInt32(sockaddr[24..]));
            var port = BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]);
            return address.IsIPv4MappedToIPv6 ? new IPEndPoint(address.MapToIPv4(), port) : new IPEndPoint(address, port);
        }

        return null;
    }
}
