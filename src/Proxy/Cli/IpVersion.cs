namespace Proxy.Cli;

/// <summary>Envoy's <c>--local-address-ip-version</c>: the address family of the local address.</summary>
public enum IpVersion
{
    V4,
    V6,
}
