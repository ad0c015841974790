using System.Net;
using System.Net.Sockets;

namespace Proxy.Capture.Iptables;

/// <summary>A CIDR list split by family, as istio-iptables separates -i/-x: "*" is the wildcard for both.</summary>
public sealed record NetworkRange(bool IsWildcard, IReadOnlyList<string> Cidrs, bool HasLoopback)
{
    public static (NetworkRange V4, NetworkRange V6) Separate(string list)
    {
        if (list == "*")
        {
            return (new NetworkRange(true, [], false), new NetworkRange(true, [], false));
        }

        List<string> v4 = [], v6 = [];
        bool loop4 = false, loop6 = false;
        foreach (var item in CaptureConfig.Split(list))
        {
            if (!TryParse(item, out var address, out var length))
            {
                continue; // rejected earlier by flag validation
            }

            var text = address + "/" + length;
            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                v4.Add(text);
                loop4 |= IPAddress.IsLoopback(address);
            }
            else
            {
                v6.Add(text);
                loop6 |= IPAddress.IsLoopback(address);
            }
        }

        return (new NetworkRange(false, v4, loop4), new NetworkRange(false, v6, loop6));
    }

    /// <summary>An address with a prefix length that fits its family ("10.0.0.0/8", "2001:db8::/32").</summary>
    public static bool TryParse(string cidr, out IPAddress address, out int length)
    {
        length = 0;
        address = IPAddress.None;
        var slash = cidr.IndexOf('/');
        if (slash <= 0 || !IPAddress.TryParse(cidr[..slash], out var parsed) ||
            !int.TryParse(cidr[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length))
        {
            return false;
        }

        address = parsed;
        return length <= (parsed.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
    }
}
