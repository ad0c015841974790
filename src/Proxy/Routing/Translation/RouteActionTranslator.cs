using Proxy.Routing.Actions;
using Proxy.Routing.Headers;
using Pb = Envoy.Config.Route.V3;

namespace Proxy.Routing.Translation;

/// <summary>Route.route (RouteAction) into <see cref="RouteAction"/>, with Envoy's defaults and checks (<c>RouteEntryImplBase</c>).</summary>
internal static class RouteActionTranslator
{
    public static RouteAction Translate(Pb.RouteAction action, string at, VirtualHostDefaults vh, RouteTranslationScope scope)
    {
        string? cluster = null;
        string? clusterHeader = null;
        WeightedClusterSet? weighted = null;
        string? plugin = null;
        switch (action.ClusterSpecifierCase)
        {
            case Pb.RouteAction.ClusterSpecifierOneofCase.Cluster:
                cluster = action.Cluster.Length > 0 ? action.Cluster : throw ProtoValues.Error(at + ".cluster", "must not be empty");
                break;
            case Pb.RouteAction.ClusterSpecifierOneofCase.ClusterHeader:
                clusterHeader = ProtoValues.HeaderName(action.ClusterHeader, at + ".cluster_header");
                break;
            case Pb.RouteAction.ClusterSpecifierOneofCase.WeightedClusters:
                weighted = WeightedClusters(action.WeightedClusters, at + ".weighted_clusters", scope);
                break;
            case Pb.RouteAction.ClusterSpecifierOneofCase.ClusterSpecifierPlugin:
                plugin = scope.OptionalClusterSpecifierPlugins.Contains(action.ClusterSpecifierPlugin)
                    ? action.ClusterSpecifierPlugin
                    : throw ProtoValues.Error(at + ".cluster_specifier_plugin", $"unknown cluster specifier plugin name: {action.ClusterSpecifierPlugin} is used in the route");
                break;
            case Pb.RouteAction.ClusterSpecifierOneofCase.InlineClusterSpecifierPlugin:
                var inline = action.InlineClusterSpecifierPlugin;
                plugin = inline.IsOptional
                    ? inline.Extension?.Name ?? string.Empty
                    : throw ProtoValues.Error(at + ".inline_cluster_specifier_plugin", $"cluster specifier plugin '{inline.Extension?.Name}' (type '{inline.Extension?.TypedConfig?.TypeUrl}') is not supported");
                break;
            default:
                throw ProtoValues.Error(at, "one of cluster, cluster_header, weighted_clusters or cluster_specifier_plugin is required");
        }

        int rewrites = (action.PrefixRewrite.Length > 0 ? 1 : 0) + (action.RegexRewrite is not null ? 1 : 0) + (action.PathRewritePolicy is not null ? 1 : 0);
        if (rewrites > 1)
        {
            throw ProtoValues.Error(at, "Specify only one of prefix_rewrite, regex_rewrite or path_rewrite_policy");
        }

        if (action.PathRewritePolicy is { } pathRewritePolicy)
        {
            throw ProtoValues.Error(at + ".path_rewrite_policy", $"path rewrite extension '{pathRewritePolicy.Name}' is not supported");
        }

        if (action.EarlyDataPolicy is { } earlyData)
        {
            throw ProtoValues.Error(at + ".early_data_policy", $"early data policy '{earlyData.Name}' is not supported");
        }

        string? prefixRewrite = action.PrefixRewrite.Length > 0 ? ProtoValues.HeaderValue(action.PrefixRewrite, at + ".prefix_rewrite") : null;

        RetryPolicy? retry = action.RetryPolicy is { } retryPolicy
            ? RetryPolicyTranslator.Translate(retryPolicy, at + ".retry_policy")
            : vh.RetryPolicy;
        HedgePolicy? hedge = action.HedgePolicy is { } hedgePolicy
            ? RetryPolicyTranslator.Hedge(hedgePolicy, at + ".hedge_policy")
            : vh.HedgePolicy;

        return new RouteAction
        {
            RateLimits = action.RateLimits.Count == 0 ? [] : Proxy.RateLimit.RateLimitRuleTranslator.Translate(action.RateLimits, at + ".rate_limits"),
            Cluster = cluster,
            ClusterHeader = clusterHeader,
            WeightedClusters = weighted,
            ClusterSpecifierPlugin = plugin,
            ClusterNotFoundResponseCode = action.ClusterNotFoundResponseCode switch
            {
                Pb.RouteAction.Types.ClusterNotFoundResponseCode.ServiceUnavailable => 503,
                Pb.RouteAction.Types.ClusterNotFoundResponseCode.NotFound => 404,
                Pb.RouteAction.Types.ClusterNotFoundResponseCode.InternalServerError => 500,
                _ => throw ProtoValues.Error(at + ".cluster_not_found_response_code", $"unknown value {(int)action.ClusterNotFoundResponseCode}"),
            },
            PrefixRewrite = prefixRewrite,
            RegexRewrite = action.RegexRewrite is { } regexRewrite ? MatchTranslator.RegexRewrite(regexRewrite, at + ".regex_rewrite") : null,
            HostRewriteLiteral = action.HostRewriteSpecifierCase == Pb.RouteAction.HostRewriteSpecifierOneofCase.HostRewriteLiteral && action.HostRewriteLiteral.Length > 0
                ? ProtoValues.HeaderValue(action.HostRewriteLiteral, at + ".host_rewrite_literal")
                : null,
            AutoHostRewrite = action.HostRewriteSpecifierCase == Pb.RouteAction.HostRewriteSpecifierOneofCase.AutoHostRewrite && action.AutoHostRewrite == true,
            HostRewriteHeader = action.HostRewriteSpecifierCase == Pb.RouteAction.HostRewriteSpecifierOneofCase.HostRewriteHeader && action.HostRewriteHeader.Length > 0
                ? ProtoValues.HeaderName(action.HostRewriteHeader, at + ".host_rewrite_header")
                : null,
            HostRewritePathRegex = action.HostRewriteSpecifierCase == Pb.RouteAction.HostRewriteSpecifierOneofCase.HostRewritePathRegex
                ? MatchTranslator.RegexRewrite(action.HostRewritePathRegex, at + ".host_rewrite_path_regex")
                : null,
            AppendXForwardedHost = action.AppendXForwardedHost,
            Timeout = action.Timeout is { } timeout
                ? ProtoValues.TruncateToMilliseconds(ProtoValues.ToTimeSpan(timeout, at + ".timeout"))
                : RouteAction.DefaultTimeout,
            IdleTimeout = Milliseconds(action.IdleTimeout, at + ".idle_timeout"),
            MaxStreamDuration = action.MaxStreamDuration is { } msd
                ? new MaxStreamDurationPolicy
                {
                    MaxStreamDuration = Milliseconds(msd.MaxStreamDuration_, at + ".max_stream_duration.max_stream_duration"),
                    GrpcTimeoutHeaderMax = Milliseconds(msd.GrpcTimeoutHeaderMax, at + ".max_stream_duration.grpc_timeout_header_max"),
                    GrpcTimeoutHeaderOffset = Milliseconds(msd.GrpcTimeoutHeaderOffset, at + ".max_stream_duration.grpc_timeout_header_offset"),
                }
                : null,
#pragma warning disable CS0612 // Deprecated, but Istio still sets max_grpc_timeout and Envoy honours both.
            MaxGrpcTimeout = Milliseconds(action.MaxGrpcTimeout, at + ".max_grpc_timeout"),
            GrpcTimeoutOffset = Milliseconds(action.GrpcTimeoutOffset, at + ".grpc_timeout_offset"),
#pragma warning restore CS0612
            RetryPolicy = retry,
            HedgePolicy = hedge,
            HashPolicies = HashPolicies(action, at + ".hash_policy"),
            UpgradeConfigs = UpgradeConfigs(action, at + ".upgrade_configs"),
            Priority = action.Priority switch
            {
                Envoy.Config.Core.V3.RoutingPriority.Default => RoutingPriority.Default,
                Envoy.Config.Core.V3.RoutingPriority.High => RoutingPriority.High,
                _ => throw ProtoValues.Error(at + ".priority", $"unknown value {(int)action.Priority}"),
            },
            RequestMirrorPolicies = action.RequestMirrorPolicies.Count > 0
                ? MirrorPolicies(action.RequestMirrorPolicies, at + ".request_mirror_policies")
                : vh.MirrorPolicies,
            InternalRedirectPolicy = InternalRedirect(action, at),
            MetadataMatch = ProtoValues.LbMetadata(action.MetadataMatch),
        };
    }

    /// <summary>Request mirror policies; shared with the virtual host and route configuration levels.</summary>
    public static IReadOnlyList<RequestMirrorPolicy> MirrorPolicies(Google.Protobuf.Collections.RepeatedField<Pb.RouteAction.Types.RequestMirrorPolicy> policies, string at)
    {
        if (policies.Count == 0)
        {
            return [];
        }

        var result = new RequestMirrorPolicy[policies.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var policy = policies[i];
            string itemAt = $"{at}[{i}]";
            bool hasCluster = policy.Cluster.Length > 0;
            bool hasHeader = policy.ClusterHeader.Length > 0;
            if (hasCluster == hasHeader)
            {
                throw ProtoValues.Error(itemAt, hasCluster
                    ? $"Only one of cluster '{policy.Cluster}' or cluster_header '{policy.ClusterHeader}' in request mirror policy can be specified"
                    : "Exactly one of cluster or cluster_header in request mirror policy need to be specified");
            }

            result[i] = new RequestMirrorPolicy
            {
                Cluster = hasCluster ? policy.Cluster : null,
                ClusterHeader = hasHeader ? ProtoValues.HeaderName(policy.ClusterHeader, itemAt + ".cluster_header") : null,
                RuntimeFraction = policy.RuntimeFraction?.DefaultValue is { } fraction
                    ? ProtoValues.ToFraction(fraction, itemAt + ".runtime_fraction.default_value")
                    : new Matching.RuntimeFraction(100, 100),
                TraceSampled = policy.TraceSampled ?? true,
                DisableShadowHostSuffixAppend = policy.DisableShadowHostSuffixAppend,
            };
        }

        return result;
    }

    private static WeightedClusterSet WeightedClusters(Pb.WeightedCluster set, string at, RouteTranslationScope scope)
    {
        if (set.Clusters.Count == 0)
        {
            throw ProtoValues.Error(at + ".clusters", "at least one cluster is required");
        }

        var clusters = new WeightedCluster[set.Clusters.Count];
        ulong total = 0;
        for (int i = 0; i < clusters.Length; i++)
        {
            var entry = set.Clusters[i];
            string entryAt = $"{at}.clusters[{i}]";
            bool hasName = entry.Name.Length > 0;
            bool hasHeader = entry.ClusterHeader.Length > 0;
            if (hasName && hasHeader)
            {
                throw ProtoValues.Error(entryAt, "Only one of name or cluster_header can be specified");
            }

            if (!hasName && !hasHeader)
            {
                throw ProtoValues.Error(entryAt, "At least one of name or cluster_header need to be specified");
            }

            uint weight = entry.Weight ?? 0;
            total += weight;
            clusters[i] = new WeightedCluster
            {
                Name = entry.Name,
                ClusterHeader = hasHeader ? ProtoValues.HeaderName(entry.ClusterHeader, entryAt + ".cluster_header") : null,
                Weight = weight,
                RequestMutations = HeaderMutationsTranslator.Translate(entry.RequestHeadersToAdd, entry.RequestHeadersToRemove, entryAt + ".request_headers_to_add", entryAt + ".request_headers_to_remove", scope.Context),
                ResponseMutations = HeaderMutationsTranslator.Translate(entry.ResponseHeadersToAdd, entry.ResponseHeadersToRemove, entryAt + ".response_headers_to_add", entryAt + ".response_headers_to_remove", scope.Context),
                HostRewriteLiteral = entry.HostRewriteLiteral.Length > 0 ? ProtoValues.HeaderValue(entry.HostRewriteLiteral, entryAt + ".host_rewrite_literal") : null,
                TypedPerFilterConfig = ProtoValues.FilterConfigs(entry.TypedPerFilterConfig, scope.Context, entryAt + ".typed_per_filter_config"),
                MetadataMatch = ProtoValues.LbMetadata(entry.MetadataMatch),
            };
        }

        if (total == 0)
        {
            throw ProtoValues.Error(at, "Sum of weights in the weighted_cluster must be greater than 0.");
        }

        if (total > uint.MaxValue)
        {
            throw ProtoValues.Error(at, $"Sum of weights in the weighted_cluster must not exceed {uint.MaxValue}, got {total}");
        }

        // The deprecated total_weight, when set, must equal the sum (WeightedCluster.total_weight doc).
#pragma warning disable CS0612
        uint? totalWeight = set.TotalWeight;
#pragma warning restore CS0612
        if (totalWeight is { } declared and > 0 && declared != total)
        {
            throw ProtoValues.Error(at + ".total_weight", $"Sum of weights in the weighted_cluster should add up to {declared}, got {total}");
        }

        return new WeightedClusterSet
        {
            Clusters = clusters,
            TotalWeight = total,
            RandomValueHeader = set.RandomValueSpecifierCase == Pb.WeightedCluster.RandomValueSpecifierOneofCase.HeaderName && set.HeaderName.Length > 0
                ? ProtoValues.HeaderName(set.HeaderName, at + ".header_name")
                : null,
        };
    }

    private static HashPolicy[] HashPolicies(Pb.RouteAction action, string at)
    {
        var result = new List<HashPolicy>(action.HashPolicy.Count);
        for (int i = 0; i < action.HashPolicy.Count; i++)
        {
            var policy = action.HashPolicy[i];
            string itemAt = $"{at}[{i}]";
            switch (policy.PolicySpecifierCase)
            {
                case Pb.RouteAction.Types.HashPolicy.PolicySpecifierOneofCase.Header:
                    result.Add(new HashPolicy
                    {
                        Kind = HashPolicyKind.Header,
                        Name = ProtoValues.HeaderName(policy.Header.HeaderName, itemAt + ".header.header_name"),
                        HeaderRegexRewrite = policy.Header.RegexRewrite is { } rewrite ? MatchTranslator.RegexRewrite(rewrite, itemAt + ".header.regex_rewrite") : null,
                        Terminal = policy.Terminal,
                    });
                    break;
                case Pb.RouteAction.Types.HashPolicy.PolicySpecifierOneofCase.Cookie:
                    var cookie = policy.Cookie;
                    if (cookie.Name.Length == 0)
                    {
                        throw ProtoValues.Error(itemAt + ".cookie.name", "must not be empty");
                    }

                    var attributes = new CookieAttribute[cookie.Attributes.Count];
                    for (int j = 0; j < attributes.Length; j++)
                    {
                        string name = cookie.Attributes[j].Name;
                        if (name.Length == 0)
                        {
                            throw ProtoValues.Error($"{itemAt}.cookie.attributes[{j}].name", "must not be empty");
                        }

                        attributes[j] = new CookieAttribute(name, cookie.Attributes[j].Value);
                    }

                    result.Add(new HashPolicy
                    {
                        Kind = HashPolicyKind.Cookie,
                        Name = cookie.Name,
                        // Envoy keeps whole seconds of the ttl.
                        CookieTtl = cookie.Ttl is { } ttl ? TimeSpan.FromSeconds(ProtoValues.ToTimeSpan(ttl, itemAt + ".cookie.ttl").Ticks / TimeSpan.TicksPerSecond) : null,
                        CookiePath = cookie.Path,
                        CookieAttributes = attributes,
                        Terminal = policy.Terminal,
                    });
                    break;
                case Pb.RouteAction.Types.HashPolicy.PolicySpecifierOneofCase.ConnectionProperties:
                    // source_ip: false configures nothing to hash (Envoy adds no hash method for it).
                    if (policy.ConnectionProperties.SourceIp)
                    {
                        result.Add(new HashPolicy { Kind = HashPolicyKind.SourceIp, Terminal = policy.Terminal });
                    }

                    break;
                case Pb.RouteAction.Types.HashPolicy.PolicySpecifierOneofCase.QueryParameter:
                    result.Add(new HashPolicy
                    {
                        Kind = HashPolicyKind.QueryParameter,
                        Name = policy.QueryParameter.Name.Length > 0 ? policy.QueryParameter.Name : throw ProtoValues.Error(itemAt + ".query_parameter.name", "must not be empty"),
                        Terminal = policy.Terminal,
                    });
                    break;
                case Pb.RouteAction.Types.HashPolicy.PolicySpecifierOneofCase.FilterState:
                    result.Add(new HashPolicy
                    {
                        Kind = HashPolicyKind.FilterState,
                        Name = policy.FilterState.Key.Length > 0 ? policy.FilterState.Key : throw ProtoValues.Error(itemAt + ".filter_state.key", "must not be empty"),
                        Terminal = policy.Terminal,
                    });
                    break;
                default:
                    throw ProtoValues.Error(itemAt, "one of header, cookie, connection_properties, query_parameter or filter_state is required");
            }
        }

        return [.. result];
    }

    private static IReadOnlyDictionary<string, UpgradeConfig> UpgradeConfigs(Pb.RouteAction action, string at)
    {
        var result = new Dictionary<string, UpgradeConfig>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < action.UpgradeConfigs.Count; i++)
        {
            var config = action.UpgradeConfigs[i];
            string itemAt = $"{at}[{i}]";
            if (config.UpgradeType.Length == 0)
            {
                throw ProtoValues.Error(itemAt + ".upgrade_type", "must not be empty");
            }

            string type = ProtoValues.HeaderValue(config.UpgradeType, itemAt + ".upgrade_type").ToLowerInvariant();
            bool isConnect = string.Equals(config.UpgradeType, "CONNECT", StringComparison.Ordinal);
            if (config.ConnectConfig is not null && !isConnect)
            {
                throw ProtoValues.Error(itemAt, $"Non-CONNECT upgrade type {config.UpgradeType} has ConnectConfig");
            }

            var translated = new UpgradeConfig
            {
                UpgradeType = type,
                Enabled = config.Enabled ?? true,
                HasConnectConfig = config.ConnectConfig is not null,
                AllowPost = config.ConnectConfig?.AllowPost ?? false,
                HasProxyProtocolConfig = config.ConnectConfig?.ProxyProtocolConfig is not null,
            };
            if (!result.TryAdd(type, translated))
            {
                throw ProtoValues.Error(itemAt, $"Duplicate upgrade {config.UpgradeType}");
            }
        }

        return result;
    }

    private static InternalRedirectPolicy? InternalRedirect(Pb.RouteAction action, string at)
    {
        if (action.InternalRedirectPolicy is { } policy)
        {
            string policyAt = at + ".internal_redirect_policy";
            if (policy.RedirectResponseCodes.Count > 5)
            {
                throw ProtoValues.Error(policyAt + ".redirect_response_codes", "at most 5 codes");
            }

            var codes = new List<int>();
            foreach (uint code in policy.RedirectResponseCodes)
            {
                if (code is 301 or 302 or 303 or 307 or 308 && !codes.Contains((int)code))
                {
                    codes.Add((int)code);
                }
            }

            var headersToCopy = new string[policy.ResponseHeadersToCopy.Count];
            for (int i = 0; i < headersToCopy.Length; i++)
            {
                headersToCopy[i] = ProtoValues.HeaderName(policy.ResponseHeadersToCopy[i], $"{policyAt}.response_headers_to_copy[{i}]");
            }

            return new InternalRedirectPolicy
            {
                MaxInternalRedirects = policy.MaxInternalRedirects ?? 1,
                RedirectResponseCodes = policy.RedirectResponseCodes.Count == 0 ? [302] : codes,
                Predicates = policy.Predicates.Select(p => p.Name).ToArray(),
                AllowCrossSchemeRedirect = policy.AllowCrossSchemeRedirect,
                ResponseHeadersToCopy = headersToCopy,
            };
        }

        // Deprecated form: internal_redirect_action HANDLE_INTERNAL_REDIRECT (+ max_internal_redirects).
#pragma warning disable CS0612
        if (action.InternalRedirectAction == Pb.RouteAction.Types.InternalRedirectAction.HandleInternalRedirect)
        {
            return new InternalRedirectPolicy { MaxInternalRedirects = action.MaxInternalRedirects ?? 1 };
        }
#pragma warning restore CS0612

        return null;
    }

    private static TimeSpan? Milliseconds(Google.Protobuf.WellKnownTypes.Duration? duration, string at) =>
        duration is null ? null : ProtoValues.TruncateToMilliseconds(ProtoValues.ToTimeSpan(duration, at));
}
