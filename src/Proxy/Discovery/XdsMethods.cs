using Proxy.Xds.Client;

namespace Proxy.Discovery;

/// <summary>The gRPC methods of the discovery services (envoy/service/*/v3/*.proto).</summary>
internal static class XdsMethods
{
    public static string Aggregated(bool delta) =>
        delta ? "/envoy.service.discovery.v3.AggregatedDiscoveryService/DeltaAggregatedResources"
              : "/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources";

    public static string For(XdsResourceType type, bool delta)
    {
        var (service, noun) = type.TypeName switch
        {
            "envoy.config.listener.v3.Listener" => ("envoy.service.listener.v3.ListenerDiscoveryService", "Listeners"),
            "envoy.config.cluster.v3.Cluster" => ("envoy.service.cluster.v3.ClusterDiscoveryService", "Clusters"),
            "envoy.config.route.v3.RouteConfiguration" => ("envoy.service.route.v3.RouteDiscoveryService", "Routes"),
            "envoy.config.endpoint.v3.ClusterLoadAssignment" => ("envoy.service.endpoint.v3.EndpointDiscoveryService", "Endpoints"),
            _ => ("envoy.service.secret.v3.SecretDiscoveryService", "Secrets"),
        };
        return $"/{service}/{(delta ? "Delta" : "Stream")}{noun}";
    }
}
