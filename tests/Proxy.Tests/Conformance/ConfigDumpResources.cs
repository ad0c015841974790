using System.Text.Json.Nodes;
using Proxy.Xds.Client;

namespace Proxy.Tests.Conformance;

/// <summary>One resource found in a config dump: its xDS type, where it was found, and its JSON (without "@type").</summary>
internal sealed record DumpedResource(XdsResourceType Type, string Section, JsonObject Json);

/// <summary>
/// Reads the resources out of an Envoy /config_dump (snake_case or lowerCamelCase, as Envoy and istioctl print
/// them) or out of istioctl's listener list: static and dynamic listeners, clusters, route configurations,
/// endpoint configurations and secrets. A dynamic listener is taken from its active state, else its warming
/// state. Not read: static_endpoint_configs (Envoy prints them from the hosts of bootstrap clusters, with an
/// unset locality weight as 0, which no control plane sends), dynamic_warming_secrets (secrets asked for and not
/// received: a name only), and the bootstrap, scoped-routes and ECDS sections (not resources of the five types).
/// </summary>
internal static class ConfigDumpResources
{
    private static readonly (string DumpType, XdsResourceType Type, string List, string Field)[] Sections =
    [
        ("ListenersConfigDump", XdsResourceType.Listener, "static_listeners", "listener"),
        ("ListenersConfigDump", XdsResourceType.Listener, "dynamic_listeners", "listener"),
        ("ClustersConfigDump", XdsResourceType.Cluster, "static_clusters", "cluster"),
        ("ClustersConfigDump", XdsResourceType.Cluster, "dynamic_active_clusters", "cluster"),
        ("ClustersConfigDump", XdsResourceType.Cluster, "dynamic_warming_clusters", "cluster"),
        ("RoutesConfigDump", XdsResourceType.RouteConfiguration, "static_route_configs", "route_config"),
        ("RoutesConfigDump", XdsResourceType.RouteConfiguration, "dynamic_route_configs", "route_config"),
        ("EndpointsConfigDump", XdsResourceType.ClusterLoadAssignment, "dynamic_endpoint_configs", "endpoint_config"),
        ("SecretsConfigDump", XdsResourceType.Secret, "static_secrets", "secret"),
        ("SecretsConfigDump", XdsResourceType.Secret, "dynamic_active_secrets", "secret"),
    ];

    public static List<DumpedResource> Read(JsonNode root)
    {
        var found = new List<DumpedResource>();
        if (root is JsonArray listeners)
        {
            // istioctl proxy-config listeners -o json: a bare list of listeners.
            found.AddRange(listeners.OfType<JsonObject>().Select(l => Resource(XdsResourceType.Listener, "istioctl list", l)));
            return found;
        }

        if (Get(root, "configs") is not JsonArray configs)
        {
            return found;
        }

        foreach (var dump in configs.OfType<JsonObject>())
        {
            var dumpType = ((string?)dump["@type"] ?? string.Empty).Split('.')[^1];
            foreach (var (sectionDump, type, list, field) in Sections)
            {
                if (sectionDump != dumpType || Get(dump, list) is not JsonArray entries)
                {
                    continue;
                }

                foreach (var entry in entries.OfType<JsonObject>())
                {
                    var json = list == "dynamic_listeners"
                        ? Get(Get(entry, "active_state") ?? Get(entry, "warming_state"), field)
                        : Get(entry, field);
                    if (json is JsonObject resource)
                    {
                        found.Add(Resource(type, list, resource));
                    }
                }
            }
        }

        return found;
    }

    /// <summary>A member by its proto name or its lowerCamelCase JSON name.</summary>
    public static JsonNode? Get(JsonNode? node, string snakeName) =>
        node is JsonObject obj ? obj[snakeName] ?? obj[Camel(snakeName)] : null;

    private static DumpedResource Resource(XdsResourceType type, string section, JsonObject json)
    {
        var copy = (JsonObject)json.DeepClone();
        copy.Remove("@type");
        return new DumpedResource(type, section, copy);
    }

    private static string Camel(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
