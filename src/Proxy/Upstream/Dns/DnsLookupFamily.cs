namespace Proxy.Upstream.Dns;

/// <summary>
/// Which address families a DNS cluster resolves (<c>Cluster.dns_lookup_family</c>):
/// AUTO = IPv6 first, IPv4 if there is none; V4_PREFERRED = IPv4 first, IPv6 if there is none;
/// ALL = both families.
/// </summary>
public enum DnsLookupFamily
{
    Auto,
    V4Only,
    V6Only,
    V4Preferred,
    All,
}
