using System.Net;
using System.Net.Sockets;
using Envoy.Config.Core.V3;
using Proxy.Xds.Client;
using Proxy.Xds.Grpc;
using Proxy.Xds.Tests.ControlPlane;

namespace Proxy.Xds.Tests.Client;

internal static class ClientFactory
{
    public const string Ads = "/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources";
    public const string DeltaAds = "/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources";

    public static XdsClient Create(TestControlPlane server, bool delta = false, IXdsClientObserver? observer = null, string? socketPath = null, string? method = null)
    {
        EndPoint target = socketPath is null ? new IPEndPoint(IPAddress.Loopback, server.Port) : new UnixDomainSocketEndPoint(socketPath);
        return new XdsClient(new XdsClientOptions
        {
            Node = new Node { Id = "sidecar~10.0.0.1~pod.ns~ns.svc.cluster.local", Cluster = "pod.ns", UserAgentName = "envoy" },
            Channel = new GrpcChannel(new GrpcChannelOptions { Target = target, Authority = "xds-grpc" }),
            Method = method ?? (delta ? DeltaAds : Ads),
            Delta = delta,
            BackoffBase = TimeSpan.FromMilliseconds(20),
            BackoffMax = TimeSpan.FromMilliseconds(100),
            Observer = observer,
        });
    }
}
