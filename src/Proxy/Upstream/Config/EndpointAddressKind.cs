namespace Proxy.Upstream.Config;

/// <summary>What an endpoint address names.</summary>
public enum EndpointAddressKind
{
    /// <summary>An IP literal and port (socket_address): an IPEndPoint.</summary>
    Ip,

    /// <summary>A DNS name and port (socket_address of STRICT_DNS / LOGICAL_DNS clusters), resolved later.</summary>
    Hostname,

    /// <summary>A Unix domain socket (<c>pipe.path</c>; a leading '@' is Linux's abstract namespace).</summary>
    Pipe,

    /// <summary>An Envoy internal listener (<c>envoy_internal_address</c>), used by Istio waypoints.</summary>
    EnvoyInternal,
}
