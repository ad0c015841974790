using System.Net;
using System.Net.Sockets;

namespace Proxy.RateLimit.Actions;

/// <summary>
/// <c>remote_address</c> ("remote_address", client IP) and <c>masked_remote_address</c>
/// ("masked_remote_address", "network/len", 32 and 128 bits when unset); the client address is the one
/// x-forwarded-for handling trusts.
/// </summary>
internal sealed class RemoteAddressAction(bool masked, int v4Mask, int v6Mask) : IDescriptorAction
{
    public bool TryAppend(in DescriptorSource source, List<DescriptorEntry> entries)
    {
        if (source.Remote is not { } address)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (!masked)
        {
            entries.Add(new DescriptorEntry("remote_address", address.ToString()));
            return true;
        }

        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        var length = v4 ? v4Mask : v6Mask;
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        entries.Add(new DescriptorEntry("masked_remote_address", $"{new IPAddress(bytes)}/{length}"));
        return true;
    }
}
