using Proxy.Filters.Extensions;
using Proxy.Routing.Headers;
using Pb = Envoy.Config.Route.V3;

namespace Proxy.Routing.Translation;

/// <summary>One VirtualHost into a <see cref="VirtualHost"/>; errors are prefixed with the virtual host's name.</summary>
internal static class VirtualHostTranslator
{
    public static VirtualHost Translate(Pb.VirtualHost proto, string at, RouteTranslationScope scope)
    {
        if (proto.Name.Length == 0)
        {
            throw ProtoValues.Error(at + ".name", "must not be empty");
        }

        try
        {
            return TranslateCore(proto, at, scope);
        }
        catch (ConfigException e)
        {
            throw ConfigException.At($"virtual_host '{proto.Name}'", e);
        }
    }

    private static VirtualHost TranslateCore(Pb.VirtualHost proto, string at, RouteTranslationScope scope)
    {
        if (proto.Domains.Count == 0)
        {
            throw ProtoValues.Error(at + ".domains", "at least one domain is required");
        }

        var domains = new string[proto.Domains.Count];
        for (int i = 0; i < domains.Length; i++)
        {
            domains[i] = ProtoValues.HeaderValue(proto.Domains[i], $"{at}.domains[{i}]").ToLowerInvariant();
        }

        if (proto.Matcher is not null)
        {
            throw ProtoValues.Error(at + ".matcher", proto.Routes.Count > 0
                ? "cannot set both matcher and routes on virtual host"
                : "the xDS matcher tree is not supported; use routes");
        }

        var defaults = new VirtualHostDefaults
        {
            RetryPolicy = proto.RetryPolicy is { } retry ? RetryPolicyTranslator.Translate(retry, at + ".retry_policy") : null,
            HedgePolicy = proto.HedgePolicy is { } hedge ? RetryPolicyTranslator.Hedge(hedge, at + ".hedge_policy") : null,
            MirrorPolicies = proto.RequestMirrorPolicies.Count > 0
                ? RouteActionTranslator.MirrorPolicies(proto.RequestMirrorPolicies, at + ".request_mirror_policies")
                : scope.MirrorPolicies,
            PerRequestBufferLimitBytes = proto.PerRequestBufferLimitBytes ?? uint.MaxValue,
        };

        var virtualClusters = new VirtualCluster[proto.VirtualClusters.Count];
        for (int i = 0; i < virtualClusters.Length; i++)
        {
            var cluster = proto.VirtualClusters[i];
            string clusterAt = $"{at}.virtual_clusters[{i}]";
            if (cluster.Headers.Count == 0)
            {
                throw ProtoValues.Error(clusterAt + ".headers", "virtual clusters must define 'headers'");
            }

            if (cluster.Name.Length == 0)
            {
                throw ProtoValues.Error(clusterAt + ".name", "must not be empty");
            }

            virtualClusters[i] = new VirtualCluster(cluster.Name, MatchTranslator.Headers(cluster.Headers, clusterAt + ".headers"));
        }

        var routes = new RouteEntry[proto.Routes.Count];
        for (int i = 0; i < routes.Length; i++)
        {
            routes[i] = RouteEntryTranslator.Translate(proto.Routes[i], $"{at}.routes[{i}]", defaults, scope);
        }

        var virtualHost = new VirtualHost
        {
            Name = proto.Name,
            Domains = domains,
            Routes = routes,
            RequireTls = proto.RequireTls switch
            {
                Pb.VirtualHost.Types.TlsRequirementType.None => TlsRequirement.None,
                Pb.VirtualHost.Types.TlsRequirementType.ExternalOnly => TlsRequirement.ExternalOnly,
                Pb.VirtualHost.Types.TlsRequirementType.All => TlsRequirement.All,
                _ => throw ProtoValues.Error(at + ".require_tls", $"unknown value {(int)proto.RequireTls}"),
            },
            VirtualClusters = virtualClusters,
            RequestMutations = HeaderMutationsTranslator.Translate(proto.RequestHeadersToAdd, proto.RequestHeadersToRemove, at + ".request_headers_to_add", at + ".request_headers_to_remove", scope.Context),
            ResponseMutations = HeaderMutationsTranslator.Translate(proto.ResponseHeadersToAdd, proto.ResponseHeadersToRemove, at + ".response_headers_to_add", at + ".response_headers_to_remove", scope.Context),
            IncludeRequestAttemptCount = proto.IncludeRequestAttemptCount,
            IncludeAttemptCountInResponse = proto.IncludeAttemptCountInResponse,
            IncludeIsTimeoutRetryHeader = proto.IncludeIsTimeoutRetryHeader,
            RetryPolicy = defaults.RetryPolicy,
            HedgePolicy = defaults.HedgePolicy,
            TypedPerFilterConfig = ProtoValues.FilterConfigs(proto.TypedPerFilterConfig, scope.Context, at + ".typed_per_filter_config"),
            Metadata = ProtoValues.Clone(proto.Metadata),
        };

        foreach (RouteEntry route in routes)
        {
            route.VirtualHost = virtualHost;
        }

        return virtualHost;
    }
}
