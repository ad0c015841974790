using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>What identifies a host on a ring or Maglev table: its address as Envoy prints it, or its hostname.</summary>
internal static class HashKey
{
    public static string For(Host host, bool useHostname) => useHostname ? host.Hostname : host.AddressString;
}
