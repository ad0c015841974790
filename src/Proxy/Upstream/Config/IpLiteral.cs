using System.Net;
using System.Net.Sockets;

namespace Proxy.Upstream.Config;

/// <summary>
/// Strict IP literal parsing, as Envoy's <c>inet_pton</c>-based <c>Network::Utility::parseInternetAddress</c>:
/// IPv4 only as four decimal octets without leading zeros, IPv6 without brackets or zone. .NET's
/// <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> alone would accept "1" or "0x7f.1" as IPv4.
/// </summary>
internal static class IpLiteral
{
    public static bool TryParse(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Length == 0)
        {
            return false;
        }

        if (text.Contains(':'))
        {
            if (text.Contains('%') || text.Contains('[') ||
                !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        // 1. Four octets separated by dots, each 1-3 digits, no leading zero, at most 255.
        Span<byte> bytes = stackalloc byte[4];
        var octet = 0;
        var value = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || octet == 3)
                {
                    return false;
                }

                bytes[octet++] = (byte)value;
                value = 0;
                digits = 0;
                continue;
            }

            if (c < '0' || c > '9' || (digits == 1 && value == 0))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            digits++;
            if (value > 255)
            {
                return false;
            }
        }

        if (octet != 3 || digits == 0)
        {
            return false;
        }

        bytes[3] = (byte)value;
        address = new IPAddress(bytes);
        return true;
    }
}
