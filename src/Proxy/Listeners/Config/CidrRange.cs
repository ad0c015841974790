using System.Net;
using System.Net.Sockets;

namespace Proxy.Listeners.Config;

/// <summary>
/// Envoy's core.v3.CidrRange, normalized at config time: host bits beyond the prefix are cleared (Envoy
/// does the same), IPv4-mapped IPv6 peers are compared as IPv4.
/// </summary>
internal sealed class CidrRange
{
    private readonly byte[] _network;

    public CidrRange(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        var max = bytes.Length * 8;
        if (prefixLength < 0 || prefixLength > max)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), $"prefix_len {prefixLength} is out of range for {address}");
        }

        for (var bit = prefixLength; bit < max; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        _network = bytes;
        Family = address.AddressFamily;
        PrefixLength = prefixLength;
    }

    public AddressFamily Family { get; }

    public int PrefixLength { get; }

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6 && Family == AddressFamily.InterNetwork)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != Family)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return false;
        }

        var full = PrefixLength / 8;
        if (!bytes[..full].SequenceEqual(_network.AsSpan(0, full)))
        {
            return false;
        }

        var rest = PrefixLength % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (bytes[full] & mask) == _network[full] && written >= full;
    }

    public override string ToString() => new IPAddress(_network) + "/" + PrefixLength;
}
