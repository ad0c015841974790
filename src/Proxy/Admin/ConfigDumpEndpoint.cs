using System.Text;
using System.Text.RegularExpressions;
using Envoy.Admin.V3;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Proxy.Discovery;
using Proxy.Xds;
using Proxy.Xds.Json;
using BootstrapProto = Envoy.Config.Bootstrap.V3.Bootstrap;
using Hcm = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager;

namespace Proxy.Admin;

/// <summary>
/// GET /config_dump as Envoy prints it (admin.v3.ConfigDump, snake_case): bootstrap, clusters, listeners,
/// routes, secrets, and endpoints with ?include_eds; ?resource= picks one repeated field (each entry
/// packed on its own), ?mask= keeps only the given fields (applied to each dump or resource, reaching into the
/// resource held by an Any as Envoy's config_dump handler does), ?name_regex= filters by resource name.
/// Everything is printed from the binary form through the dynamic descriptors (<see cref="ProtoJsonWriter"/>).
/// </summary>
internal static class ConfigDumpEndpoint
{
    private const string AdminPrefix = "envoy.admin.v3.";
    private const string ClusterType = "envoy.config.cluster.v3.Cluster";
    private const string ListenerType = "envoy.config.listener.v3.Listener";
    private const string RouteConfigurationType = "envoy.config.route.v3.RouteConfiguration";
    private const string ClusterLoadAssignmentType = "envoy.config.endpoint.v3.ClusterLoadAssignment";
    private const string HcmType = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

    public static AdminResponse Handle(AdminRequest request, BootstrapProto bootstrap, DateTimeOffset loadedAt, DynamicConfiguration? dynamic = null, RouteConfigRegistry? routes = null)
    {
        var updated = Timestamp.FromDateTimeOffset(loadedAt);
        var clusters = Clusters(bootstrap, updated);
        var listeners = Listeners(bootstrap, updated);
        var routeDump = Routes(bootstrap, updated);
        var secrets = new SecretsConfigDump();
        var endpoints = request.Has("include_eds") ? Endpoints(bootstrap, updated) : null;
        if (dynamic is not null)
        {
            DynamicConfigDump.AddClusters(clusters, dynamic);
            DynamicConfigDump.AddListeners(listeners, dynamic);
            DynamicConfigDump.AddRoutes(routeDump, dynamic, routes!);
            DynamicConfigDump.AddSecrets(secrets, dynamic);
            if (endpoints is not null)
            {
                DynamicConfigDump.AddEndpoints(endpoints, dynamic);
            }
        }

        var dumps = new List<(string TypeName, IMessage Dump)>
        {
            (AdminPrefix + "BootstrapConfigDump", new BootstrapConfigDump { Bootstrap = bootstrap, LastUpdated = updated }),
            (AdminPrefix + "ClustersConfigDump", clusters),
            (AdminPrefix + "ListenersConfigDump", listeners),
            (AdminPrefix + "ScopedRoutesConfigDump", new ScopedRoutesConfigDump()),
            (AdminPrefix + "RoutesConfigDump", routeDump),
            (AdminPrefix + "SecretsConfigDump", secrets),
        };
        if (endpoints is not null)
        {
            dumps.Add((AdminPrefix + "EndpointsConfigDump", endpoints));
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

        var mask = request.Get("mask") is { Length: > 0 } m ? FieldMaskTree.Parse(m) : null;
        var configs = new List<string>();
        if (request.Get("resource") is { Length: > 0 } resource)
        {
            var found = false;
            foreach (var (typeName, dump) in dumps)
            {
                var field = EnvoyTypeRegistry.Find(typeName)?.FindFieldByName(resource);
                if (field is null || !field.IsRepeated || field.FieldType != FieldType.Message)
                {
                    continue;
                }

                found = true;
                var itemTypeUrl = AnyTypes.TypeUrlOf(field.MessageType.FullName);
                foreach (var occurrence in WireReader.Read(dump.ToByteArray()))
                {
                    if (occurrence.Number == field.FieldNumber
                        && (nameRegex is null || nameRegex.IsMatch(NameOf(field.MessageType, occurrence.Bytes))))
                    {
                        configs.Add(ProtoJsonWriter.FormatAny(itemTypeUrl, occurrence.Bytes, mask));
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
            foreach (var (typeName, dump) in dumps)
            {
                configs.Add(ProtoJsonWriter.FormatAny(AnyTypes.TypeUrlOf(typeName), dump.ToByteArray(), mask));
            }
        }

        return AdminResponse.Json(Envelope(configs));
    }

    /// <summary>admin.v3.ConfigDump { repeated Any configs = 1; } in the formatter's layout (an empty message is "{ }").</summary>
    private static string Envelope(List<string> configs)
    {
        if (configs.Count == 0)
        {
            return "{ }";
        }

        var text = new StringBuilder("{ \"configs\": [ ");
        for (var i = 0; i < configs.Count; i++)
        {
            text.Append(i > 0 ? ", " : string.Empty).Append(configs[i]);
        }

        return text.Append(" ] }").ToString();
    }

    /// <summary>
    /// The name a ?name_regex= filters on: the resource's own name inside the dump entry (the <c>name</c> of the
    /// first Any-held resource that has one), else the entry's own <c>name</c> field.
    /// </summary>
    private static string NameOf(MessageDescriptor itemType, ReadOnlyMemory<byte> item)
    {
        var occurrences = WireReader.Read(item);
        foreach (var field in itemType.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.Message && !field.IsRepeated && field.MessageType.FullName == "google.protobuf.Any"
                && Last(occurrences, field.FieldNumber) is { } any)
            {
                var parts = WireReader.Read(any.Bytes);
                var typeUrl = Last(parts, 1) is { } url ? Encoding.UTF8.GetString(url.Bytes.Span) : string.Empty;
                var nameField = EnvoyTypeRegistry.Find(AnyTypes.NameOf(typeUrl))?.FindFieldByName("name");
                if (nameField is not null)
                {
                    var value = Last(parts, 2)?.Bytes ?? ReadOnlyMemory<byte>.Empty;
                    return Last(WireReader.Read(value), nameField.FieldNumber) is { } name ? Encoding.UTF8.GetString(name.Bytes.Span) : string.Empty;
                }
            }

            if (field.Name == "name" && field.FieldType == FieldType.String)
            {
                return Last(occurrences, field.FieldNumber) is { } name ? Encoding.UTF8.GetString(name.Bytes.Span) : string.Empty;
            }
        }

        return string.Empty;
    }

    private static WireField? Last(List<WireField> fields, int number)
    {
        for (var i = fields.Count - 1; i >= 0; i--)
        {
            if (fields[i].Number == number)
            {
                return fields[i];
            }
        }

        return null;
    }

    private static ClustersConfigDump Clusters(BootstrapProto bootstrap, Timestamp updated)
    {
        var dump = new ClustersConfigDump();
        foreach (var cluster in bootstrap.StaticResources?.Clusters ?? [])
        {
            dump.StaticClusters.Add(new ClustersConfigDump.Types.StaticCluster { Cluster = AnyTypes.Pack(cluster, ClusterType), LastUpdated = updated });
        }

        return dump;
    }

    private static ListenersConfigDump Listeners(BootstrapProto bootstrap, Timestamp updated)
    {
        var dump = new ListenersConfigDump();
        foreach (var listener in bootstrap.StaticResources?.Listeners ?? [])
        {
            dump.StaticListeners.Add(new ListenersConfigDump.Types.StaticListener { Listener = AnyTypes.Pack(listener, ListenerType), LastUpdated = updated });
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
                    if (filter.TypedConfig is { } config && AnyTypes.Is(config, HcmType) && Hcm.Parser.ParseFrom(config.Value).RouteConfig is { } routes)
                    {
                        dump.StaticRouteConfigs.Add(new RoutesConfigDump.Types.StaticRouteConfig { RouteConfig = AnyTypes.Pack(routes, RouteConfigurationType), LastUpdated = updated });
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

            dump.StaticEndpointConfigs.Add(new EndpointsConfigDump.Types.StaticEndpointConfig { EndpointConfig = AnyTypes.Pack(assignment, ClusterLoadAssignmentType), LastUpdated = updated });
        }

        return dump;
    }
}
