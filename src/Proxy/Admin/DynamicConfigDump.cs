using Envoy.Admin.V3;
using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Discovery;
using Proxy.Xds;

namespace Proxy.Admin;

/// <summary>
/// The dynamic sections of /config_dump as Envoy fills them: dynamic_listeners (active_state or warming_state),
/// dynamic_active_clusters and dynamic_warming_clusters with the CDS version_info, dynamic_route_configs,
/// dynamic_endpoint_configs, dynamic_active_secrets; each entry with its version_info and last_updated. Secrets
/// are printed with private keys, passwords and generic secrets replaced by "[redacted]", as Envoy does.
/// </summary>
internal static class DynamicConfigDump
{
    private const string Redacted = "[redacted]";

    public static void AddListeners(ListenersConfigDump dump, DynamicConfiguration dynamic)
    {
        dump.VersionInfo = dynamic.Listeners.Stats.VersionText;
        var byName = new SortedDictionary<string, ListenersConfigDump.Types.DynamicListener>(StringComparer.Ordinal);
        foreach (var active in dynamic.Listeners.Active)
        {
            Entry(byName, active.Name).ActiveState = State(active);
        }

        foreach (var warming in dynamic.Listeners.WarmingResources)
        {
            Entry(byName, warming.Name).WarmingState = State(warming);
        }

        dump.DynamicListeners.AddRange(byName.Values);
    }

    public static void AddClusters(ClustersConfigDump dump, DynamicConfiguration dynamic)
    {
        dump.VersionInfo = dynamic.Clusters.Stats.VersionText;
        foreach (var cluster in Sorted(dynamic.Clusters.Active))
        {
            dump.DynamicActiveClusters.Add(new ClustersConfigDump.Types.DynamicCluster { VersionInfo = cluster.Version, Cluster = Pack(cluster), LastUpdated = Time(cluster) });
        }

        foreach (var cluster in Sorted(dynamic.Clusters.WarmingResources))
        {
            dump.DynamicWarmingClusters.Add(new ClustersConfigDump.Types.DynamicCluster { VersionInfo = cluster.Version, Cluster = Pack(cluster), LastUpdated = Time(cluster) });
        }
    }

    public static void AddRoutes(RoutesConfigDump dump, DynamicConfiguration dynamic, RouteConfigRegistry routes)
    {
        foreach (var route in Sorted(routes.Received))
        {
            dump.DynamicRouteConfigs.Add(new RoutesConfigDump.Types.DynamicRouteConfig { VersionInfo = route.Version, RouteConfig = Pack(route), LastUpdated = Time(route) });
        }
    }

    public static void AddEndpoints(EndpointsConfigDump dump, DynamicConfiguration dynamic)
    {
        foreach (var endpoints in Sorted(dynamic.Endpoints.Received))
        {
            dump.DynamicEndpointConfigs.Add(new EndpointsConfigDump.Types.DynamicEndpointConfig { VersionInfo = endpoints.Version, EndpointConfig = Pack(endpoints), LastUpdated = Time(endpoints) });
        }
    }

    public static void AddSecrets(SecretsConfigDump dump, DynamicConfiguration dynamic)
    {
        foreach (var secret in Sorted(dynamic.Secrets.Received))
        {
            dump.DynamicActiveSecrets.Add(new SecretsConfigDump.Types.DynamicSecret
            {
                Name = secret.Name,
                VersionInfo = secret.Version,
                LastUpdated = Time(secret),
                Secret = AnyTypes.Pack(Redact((Secret)secret.Proto), "envoy.extensions.transport_sockets.tls.v3.Secret"),
            });
        }
    }

    /// <summary>A copy of the secret without its sensitive data (private_key, password, generic_secret, ticket keys).</summary>
    public static Secret Redact(Secret secret)
    {
        var copy = secret.Clone();
        if (copy.TlsCertificate is { } certificate)
        {
            if (certificate.PrivateKey is not null)
            {
                certificate.PrivateKey = new DataSource { InlineString = Redacted };
            }

            if (certificate.Password is not null)
            {
                certificate.Password = new DataSource { InlineString = Redacted };
            }
        }

        if (copy.GenericSecret?.Secret is not null)
        {
            copy.GenericSecret.Secret = new DataSource { InlineString = Redacted };
        }

        if (copy.SessionTicketKeys is { } keys)
        {
            for (var i = 0; i < keys.Keys.Count; i++)
            {
                keys.Keys[i] = new DataSource { InlineString = Redacted };
            }
        }

        return copy;
    }

    private static ListenersConfigDump.Types.DynamicListener Entry(SortedDictionary<string, ListenersConfigDump.Types.DynamicListener> byName, string name)
    {
        if (!byName.TryGetValue(name, out var entry))
        {
            byName[name] = entry = new ListenersConfigDump.Types.DynamicListener { Name = name };
        }

        return entry;
    }

    private static ListenersConfigDump.Types.DynamicListenerState State(DynamicResource resource) =>
        new() { VersionInfo = resource.Version, Listener = Pack(resource), LastUpdated = Time(resource) };

    private static Any Pack(DynamicResource resource) => new()
    {
        TypeUrl = AnyTypes.TypeUrlOf(NameOf(resource.Proto)),
        Value = resource.ToByteString(),
    };

    private static string NameOf(IMessage proto) => proto switch
    {
        Envoy.Config.Listener.V3.Listener => "envoy.config.listener.v3.Listener",
        Envoy.Config.Cluster.V3.Cluster => "envoy.config.cluster.v3.Cluster",
        Envoy.Config.Route.V3.RouteConfiguration => "envoy.config.route.v3.RouteConfiguration",
        Envoy.Config.Endpoint.V3.ClusterLoadAssignment => "envoy.config.endpoint.v3.ClusterLoadAssignment",
        _ => "envoy.extensions.transport_sockets.tls.v3.Secret",
    };

    private static Timestamp Time(DynamicResource resource) => Timestamp.FromDateTimeOffset(resource.LastUpdated);

    private static IEnumerable<DynamicResource> Sorted(IReadOnlyList<DynamicResource> resources) =>
        resources.OrderBy(static r => r.Name, StringComparer.Ordinal);
}
