using System.Text.RegularExpressions;
using Envoy.Admin.V3;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds;
using BootstrapProto = Envoy.Config.Bootstrap.V3.Bootstrap;
using Hcm = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager;

namespace Proxy.Admin;

/// <summary>
/// GET /config_dump as Envoy prints it (admin.v3.ConfigDump, snake_case): bootstrap, clusters, listeners,
/// routes, secrets, and endpoints with ?include_eds; ?resource= picks one repeated field (each entry
/// packed on its own), ?mask= keeps only the given fields, ?name_regex= filters by resource name.
/// </summary>
internal static class ConfigDumpEndpoint
{
    public static AdminResponse Handle(AdminRequest request, BootstrapProto bootstrap, DateTimeOffset loadedAt)
    {
        var updated = Timestamp.FromDateTimeOffset(loadedAt);
        var dumps = new List<IMessage>
        {
            new BootstrapConfigDump { Bootstrap = bootstrap, LastUpdated = updated },
            Clusters(bootstrap, updated),
            Listeners(bootstrap, updated),
            new ScopedRoutesConfigDump(),
            Routes(bootstrap, updated),
            new SecretsConfigDump(),
        };
        if (request.Has("include_eds"))
        {
            dumps.Add(Endpoints(bootstrap, updated));
        }

        Regex? nameRegex = null;
        if (request.Get("name_regex") is { Length: > 0 } pattern)
        {
            try
            {
                nameRegex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (ArgumentException)
            {
                return new AdminResponse(400, "Error while parsing name_regex from query.\n");
            }
        }

        FieldMask? mask = request.Get("mask") is { Length: > 0 } m ? FieldMask.FromString(m) : null;
        var result = new ConfigDump();
        if (request.Get("resource") is { Length: > 0 } resource)
        {
            var found = false;
            foreach (var dump in dumps)
            {
                var field = dump.Descriptor.FindFieldByName(resource);
                if (field is null || !field.IsRepeated || field.FieldType != FieldType.Message)
                {
                    continue;
                }

                found = true;
                foreach (IMessage item in (System.Collections.IList)field.Accessor.GetValue(dump))
                {
                    if (nameRegex is null || nameRegex.IsMatch(NameOf(item)))
                    {
                        result.Configs.Add(Any.Pack(Apply(mask, item)));
                    }
                }
            }

            if (!found)
            {
                return new AdminResponse(404, $"{resource} not found in config dump\n");
            }
        }
        else
        {
            foreach (var dump in dumps)
            {
                result.Configs.Add(Any.Pack(Apply(mask, dump)));
            }
        }

        return AdminResponse.Json(ConfigDumpFormatter.Formatter.Format(result));
    }

    private static IMessage Apply(FieldMask? mask, IMessage message)
    {
        if (mask is null)
        {
            return message;
        }

        var copy = message.Descriptor.Parser.ParseFrom(ByteString.Empty);
        mask.Merge(message, copy);
        return copy;
    }

    /// <summary>The name a ?name_regex= filters on: the resource's own name inside the dump entry.</summary>
    private static string NameOf(IMessage item)
    {
        foreach (var field in item.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.Message && field.Accessor.GetValue(item) is Any any)
            {
                var nameField = EnvoyTypeRegistry.Instance.Find(AnyTypes.NameOf(any.TypeUrl))?.FindFieldByName("name");
                if (nameField is not null)
                {
                    var unpacked = EnvoyTypeRegistry.Instance.Find(AnyTypes.NameOf(any.TypeUrl))!.Parser.ParseFrom(any.Value);
                    return nameField.Accessor.GetValue(unpacked) as string ?? "";
                }
            }

            if (field.Name == "name" && field.FieldType == FieldType.String)
            {
                return (string)field.Accessor.GetValue(item);
            }
        }

        return "";
    }

    private static ClustersConfigDump Clusters(BootstrapProto bootstrap, Timestamp updated)
    {
        var dump = new ClustersConfigDump();
        foreach (var cluster in bootstrap.StaticResources?.Clusters ?? [])
        {
            dump.StaticClusters.Add(new ClustersConfigDump.Types.StaticCluster { Cluster = Any.Pack(cluster), LastUpdated = updated });
        }

        return dump;
    }

    private static ListenersConfigDump Listeners(BootstrapProto bootstrap, Timestamp updated)
    {
        var dump = new ListenersConfigDump();
        foreach (var listener in bootstrap.StaticResources?.Listeners ?? [])
        {
            dump.StaticListeners.Add(new ListenersConfigDump.Types.StaticListener { Listener = Any.Pack(listener), LastUpdated = updated });
        }

        return dump;
    }

    /// <summary>Inline route_config of static listeners are Envoy's static_route_configs.</summary>
    private static RoutesConfigDump Routes(BootstrapProto bootstrap, Timestamp updated)
    {
        var dump = new RoutesConfigDump();
        foreach (var listener in bootstrap.StaticResources?.Listeners ?? [])
        {
            foreach (var chain in listener.FilterChains)
            {
                foreach (var filter in chain.Filters)
                {
                    if (filter.TypedConfig is { } config && config.Is(Hcm.Descriptor) && config.Unpack<Hcm>().RouteConfig is { } routes)
                    {
                        dump.StaticRouteConfigs.Add(new RoutesConfigDump.Types.StaticRouteConfig { RouteConfig = Any.Pack(routes), LastUpdated = updated });
                    }
                }
            }
        }

        return dump;
    }

    private static EndpointsConfigDump Endpoints(BootstrapProto bootstrap, Timestamp updated)
    {
        var dump = new EndpointsConfigDump();
        foreach (var cluster in bootstrap.StaticResources?.Clusters ?? [])
        {
            var assignment = cluster.LoadAssignment ?? new Envoy.Config.Endpoint.V3.ClusterLoadAssignment();
            if (string.IsNullOrEmpty(assignment.ClusterName))
            {
                assignment = assignment.Clone();
                assignment.ClusterName = cluster.Name;
            }

            dump.StaticEndpointConfigs.Add(new EndpointsConfigDump.Types.StaticEndpointConfig { EndpointConfig = Any.Pack(assignment), LastUpdated = updated });
        }

        return dump;
    }
}
