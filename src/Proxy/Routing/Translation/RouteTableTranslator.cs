using Proxy.Filters.Extensions;
using Proxy.Routing.Actions;
using Pb = Envoy.Config.Route.V3;

namespace Proxy.Routing.Translation;

/// <summary>
/// RouteConfiguration into a <see cref="RouteTable"/>. Errors read
/// <c>route_configuration 'r1': virtual_host 'vh': route 'name': virtual_hosts[0].routes[2].match.safe_regex.regex: ...</c>
/// (the route's name only when it has one).
/// </summary>
internal static class RouteTableTranslator
{
    /// <summary>Envoy's DEFAULT_MAX_DIRECT_RESPONSE_BODY_SIZE_BYTES.</summary>
    private const uint DefaultMaxDirectResponseBodySizeBytes = 4096;

    public static RouteTable Translate(Pb.RouteConfiguration proto, RouteTranslationContext ctx)
    {
        try
        {
            return TranslateCore(proto, ctx);
        }
        catch (ConfigException e)
        {
            throw ConfigException.At($"route_configuration '{proto.Name}'", e);
        }
    }

    private static RouteTable TranslateCore(Pb.RouteConfiguration proto, RouteTranslationContext ctx)
    {
        if (proto.Vhds is not null)
        {
            throw ProtoValues.Error("vhds", "on-demand virtual host discovery (VHDS) is not supported");
        }

        var optionalPlugins = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < proto.ClusterSpecifierPlugins.Count; i++)
        {
            var plugin = proto.ClusterSpecifierPlugins[i];
            if (!plugin.IsOptional)
            {
                throw ProtoValues.Error($"cluster_specifier_plugins[{i}]", $"Didn't find a registered implementation for '{plugin.Extension?.Name}' with type URL: '{plugin.Extension?.TypedConfig?.TypeUrl}'");
            }

            optionalPlugins.Add(plugin.Extension?.Name ?? string.Empty);
        }

        var internalOnly = new string[proto.InternalOnlyHeaders.Count];
        for (int i = 0; i < internalOnly.Length; i++)
        {
            internalOnly[i] = ProtoValues.HeaderName(proto.InternalOnlyHeaders[i], $"internal_only_headers[{i}]");
        }

        var scope = new RouteTranslationScope
        {
            Context = ctx,
            IgnorePathParameters = proto.IgnorePathParametersInPathMatching,
            MaxDirectResponseBodySizeBytes = proto.MaxDirectResponseBodySizeBytes ?? DefaultMaxDirectResponseBodySizeBytes,
            OptionalClusterSpecifierPlugins = optionalPlugins,
            MirrorPolicies = RouteActionTranslator.MirrorPolicies(proto.RequestMirrorPolicies, "request_mirror_policies"),
        };

        var virtualHosts = new VirtualHost[proto.VirtualHosts.Count];
        var domains = new List<KeyValuePair<string, VirtualHost>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < virtualHosts.Length; i++)
        {
            VirtualHost virtualHost = VirtualHostTranslator.Translate(proto.VirtualHosts[i], $"virtual_hosts[{i}]", scope);
            virtualHosts[i] = virtualHost;
            for (int j = 0; j < virtualHost.Domains.Count; j++)
            {
                string domain = virtualHost.Domains[j];
                if (!seen.Add(domain))
                {
                    // Envoy's RouteMatcher: a domain may appear once in the whole route configuration.
                    throw ConfigException.At($"virtual_host '{virtualHost.Name}'", ProtoValues.Error(
                        $"virtual_hosts[{i}].domains[{j}]",
                        domain == "*"
                            ? $"Only a single wildcard domain is permitted in route {proto.Name}"
                            : $"Only unique values for domains are permitted. Duplicate entry of domain {domain} in route {proto.Name}"));
                }

                domains.Add(new KeyValuePair<string, VirtualHost>(domain, virtualHost));
            }
        }

        var table = new RouteTable(new VirtualHostSelector(domains, proto.IgnorePortInHostMatching), ctx.Random)
        {
            Name = proto.Name,
            VirtualHosts = virtualHosts,
            RequestMutations = HeaderMutationsTranslator.Translate(proto.RequestHeadersToAdd, proto.RequestHeadersToRemove, "request_headers_to_add", "request_headers_to_remove", ctx),
            ResponseMutations = HeaderMutationsTranslator.Translate(proto.ResponseHeadersToAdd, proto.ResponseHeadersToRemove, "response_headers_to_add", "response_headers_to_remove", ctx),
            MostSpecificHeaderMutationsWins = proto.MostSpecificHeaderMutationsWins,
            InternalOnlyHeaders = internalOnly,
            IgnorePortInHostMatching = proto.IgnorePortInHostMatching,
            IgnorePathParametersInPathMatching = proto.IgnorePathParametersInPathMatching,
            ValidateClusters = proto.ValidateClusters,
            ReferencedClusters = ReferencedClusters(virtualHosts, scope.MirrorPolicies),
            TypedPerFilterConfig = ProtoValues.FilterConfigs(proto.TypedPerFilterConfig, ctx, "typed_per_filter_config"),
            Metadata = ProtoValues.Clone(proto.Metadata),
        };

        foreach (VirtualHost virtualHost in virtualHosts)
        {
            virtualHost.RouteTable = table;
        }

        return table;
    }

    private static string[] ReferencedClusters(VirtualHost[] virtualHosts, IReadOnlyList<RequestMirrorPolicy> tableMirrors)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var mirror in tableMirrors)
        {
            AddIfSet(names, mirror.Cluster);
        }

        foreach (VirtualHost virtualHost in virtualHosts)
        {
            foreach (RouteEntry route in virtualHost.Routes)
            {
                if (route.Action is not RouteAction action)
                {
                    continue;
                }

                AddIfSet(names, action.Cluster);
                if (action.WeightedClusters is { } weighted)
                {
                    foreach (WeightedCluster cluster in weighted.Clusters)
                    {
                        AddIfSet(names, cluster.Name);
                    }
                }

                foreach (var mirror in action.RequestMirrorPolicies)
                {
                    AddIfSet(names, mirror.Cluster);
                }
            }
        }

        return [.. names];
    }

    private static void AddIfSet(SortedSet<string> names, string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            names.Add(name);
        }
    }
}
