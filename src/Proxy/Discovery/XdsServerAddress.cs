using System.Net;
using Proxy.Filters.Extensions;
using Proxy.Upstream.Config;

namespace Proxy.Discovery;

/// <summary>
/// Where an <c>envoy_grpc.cluster_name</c> points: the first endpoint of that static cluster, as an IP, a DNS
/// name (STRICT_DNS/LOGICAL_DNS clusters such as go-control-plane's example <c>xds_cluster</c>) or a Unix socket
/// (pilot-agent serves xDS on <c>./etc/istio/proxy/XDS</c> and SDS on
/// <c>./var/run/secrets/workload-spiffe-uds/socket</c>).
/// </summary>
internal static class XdsServerAddress
{
    public static EndPoint Of(ClusterConfig cluster, string field)
    {
        var assignment = cluster.LoadAssignment;
        if (assignment is not null)
        {
            foreach (var locality in assignment.Localities)
            {
                foreach (var endpoint in locality.Endpoints)
                {
                    var address = endpoint.Address;
                    if (address.Kind == EndpointAddressKind.Hostname)
                    {
                        return new DnsEndPoint(address.Host, address.Port);
                    }

                    if (address.EndPoint is { } endPoint and (IPEndPoint or System.Net.Sockets.UnixDomainSocketEndPoint))
                    {
                        return endPoint;
                    }
                }
            }
        }

        throw new ConfigException($"{field}: cluster '{cluster.Name}' has no endpoint to connect to (a static cluster with a socket_address or pipe endpoint is required)");
    }
}
