using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace Proxy.Upstream.Dns;

/// <summary>
/// Applies <c>dns_lookup_family</c> to the addresses of one name, as Envoy's resolvers do: AUTO takes IPv6 and
/// falls back to IPv4 when there is none; V4_PREFERRED the reverse; V4_ONLY / V6_ONLY one family; ALL both,
/// in the order the resolver returned them.
/// </summary>
public static class DnsFamilyFilter
{
    public static ImmutableArray<IPAddress> Apply(DnsLookupFamily family, IReadOnlyList<IPAddress> addresses) => family switch
    {
        DnsLookupFamily.V4Only => Only(addresses, AddressFamily.InterNetwork),
        DnsLookupFamily.V6Only => Only(addresses, AddressFamily.InterNetworkV6),
        DnsLookupFamily.V4Preferred => Preferred(addresses, AddressFamily.InterNetwork, AddressFamily.InterNetworkV6),
        DnsLookupFamily.All => Only(addresses, null),
        _ => Preferred(addresses, AddressFamily.InterNetworkV6, AddressFamily.InterNetwork),
    };

    private static ImmutableArray<IPAddress> Preferred(IReadOnlyList<IPAddress> addresses, AddressFamily first, AddressFamily fallback)
    {
        var preferred = Only(addresses, first);
        return preferred.IsEmpty ? Only(addresses, fallback) : preferred;
    }

    private static ImmutableArray<IPAddress> Only(IReadOnlyList<IPAddress> addresses, AddressFamily? family)
    {
        var result = ImmutableArray.CreateBuilder<IPAddress>(addresses.Count);
        foreach (var address in addresses)
        {
            if (address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 &&
                (family is null || address.AddressFamily == family))
            {
                result.Add(address);
            }
        }

        return result.ToImmutable();
    }
}
