using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using CommonLb = Envoy.Extensions.LoadBalancingPolicies.Common.V3;
using LeastRequestProto = Envoy.Extensions.LoadBalancingPolicies.LeastRequest.V3.LeastRequest;
using MaglevProto = Envoy.Extensions.LoadBalancingPolicies.Maglev.V3.Maglev;
using RandomProto = Envoy.Extensions.LoadBalancingPolicies.Random.V3.Random;
using RingHashProto = Envoy.Extensions.LoadBalancingPolicies.RingHash.V3.RingHash;
using RoundRobinProto = Envoy.Extensions.LoadBalancingPolicies.RoundRobin.V3.RoundRobin;

// Deprecated LB fields (enable_full_scan, use_hostname_for_hashing, hash_balance_factor) are still honoured by Envoy.
#pragma warning disable CS0612

namespace Proxy.Upstream.Config;

/// <summary>
/// Translates a cluster's load balancing configuration: the legacy <c>lb_policy</c> with its <c>*_lb_config</c> and
/// <c>common_lb_config</c>, or <c>load_balancing_policy</c>, whose first policy with a known implementation wins
/// (Envoy's <c>ClusterInfoImpl::configureLbPolicies</c>).
/// </summary>
internal static class LbPolicyTranslator
{
    private const string Prefix = "envoy.extensions.load_balancing_policies.";
    private const string ClientSideWeightedRoundRobinType = Prefix + "client_side_weighted_round_robin.v3.ClientSideWeightedRoundRobin";

    public static LoadBalancerSettings Translate(Cluster cluster)
    {
        var settings = Common(cluster.CommonLbConfig);
        var subsets = cluster.LbSubsetConfig is { SubsetSelectors.Count: > 0 };
        if (cluster.LoadBalancingPolicy is not null || cluster.LbPolicy == Cluster.Types.LbPolicy.LoadBalancingPolicyConfig)
        {
            if (cluster.LoadBalancingPolicy is null)
            {
                throw new FieldException("load_balancing_policy", "cluster: field load_balancing_policy need to be set");
            }

            if (cluster.LbSubsetConfig is not null)
            {
                throw new FieldException("lb_subset_config", "cluster: load_balancing_policy cannot be combined with lb_subset_config");
            }

            var common = cluster.CommonLbConfig;
            if (common is not null && (common.ZoneAwareLbConfig is not null || common.LocalityWeightedLbConfig is not null ||
                                       common.ConsistentHashingLbConfig is not null))
            {
                throw new FieldException("common_lb_config",
                    "cluster: load_balancing_policy cannot be combined with partial fields (zone_aware_lb_config, " +
                    "locality_weighted_lb_config, consistent_hashing_lb_config) of common_lb_config");
            }

            return Typed(settings, cluster.LoadBalancingPolicy, cluster.Name, "load_balancing_policy");
        }

        if (subsets)
        {
            // Istio expresses subsets as separate clusters; Envoy's subset load balancer is not implemented here.
            throw new FieldException("lb_subset_config", "subset load balancing is not supported");
        }

        return Legacy(settings, cluster);
    }

    private static LoadBalancerSettings Common(Cluster.Types.CommonLbConfig? common)
    {
        var settings = LoadBalancerSettings.Default;
        if (common is null)
        {
            return settings;
        }

        if (common.HealthyPanicThreshold is not null)
        {
            // PROTOBUF_PERCENT_TO_ROUNDED_INTEGER_OR_DEFAULT: a whole percent.
            var percent = ProtoValues.Percent(common.HealthyPanicThreshold, "common_lb_config.healthy_panic_threshold");
            settings = settings with { HealthyPanicThreshold = (uint)Math.Round(percent, MidpointRounding.AwayFromZero) };
        }

        if (common.LocalityWeightedLbConfig is not null)
        {
            settings = settings with { LocalityWeighted = true };
        }

        if (common.ZoneAwareLbConfig is not null)
        {
            settings = settings with
            {
                ZoneAware = ZoneAware(common.ZoneAwareLbConfig.RoutingEnabled, common.ZoneAwareLbConfig.MinClusterSize,
                    common.ZoneAwareLbConfig.FailTrafficOnPanic, "common_lb_config.zone_aware_lb_config"),
            };
        }

        if (common.ConsistentHashingLbConfig is not null)
        {
            settings = settings with
            {
                UseHostnameForHashing = common.ConsistentHashingLbConfig.UseHostnameForHashing,
                HashBalanceFactor = BalanceFactor(common.ConsistentHashingLbConfig.HashBalanceFactor,
                    "common_lb_config.consistent_hashing_lb_config.hash_balance_factor"),
            };
        }

        return settings with
        {
            UpdateMergeWindow = ProtoValues.ToTimeSpan(common.UpdateMergeWindow, settings.UpdateMergeWindow, "common_lb_config.update_merge_window"),
            IgnoreNewHostsUntilFirstHc = common.IgnoreNewHostsUntilFirstHc,
            CloseConnectionsOnHostSetChange = common.CloseConnectionsOnHostSetChange,
        };
    }

    private static LoadBalancerSettings Legacy(LoadBalancerSettings settings, Cluster cluster)
    {
        switch (cluster.LbPolicy)
        {
            case Cluster.Types.LbPolicy.RoundRobin:
                return settings with
                {
                    Kind = LoadBalancerKind.RoundRobin,
                    PolicyName = Prefix + "round_robin",
                    SlowStart = SlowStart(cluster.RoundRobinLbConfig?.SlowStartConfig, "round_robin_lb_config.slow_start_config"),
                };
            case Cluster.Types.LbPolicy.LeastRequest:
                var lr = cluster.LeastRequestLbConfig;
                return settings with
                {
                    Kind = LoadBalancerKind.LeastRequest,
                    PolicyName = Prefix + "least_request",
                    LeastRequest = LeastRequest(lr?.ChoiceCount, lr?.ActiveRequestBias, LeastRequestSelectionMethod.NChoices,
                        "least_request_lb_config"),
                    SlowStart = SlowStart(lr?.SlowStartConfig, "least_request_lb_config.slow_start_config"),
                };
            case Cluster.Types.LbPolicy.Random:
                return settings with { Kind = LoadBalancerKind.Random, PolicyName = Prefix + "random" };
            case Cluster.Types.LbPolicy.RingHash:
                var ring = cluster.RingHashLbConfig;
                return settings with
                {
                    Kind = LoadBalancerKind.RingHash,
                    PolicyName = Prefix + "ring_hash",
                    RingHash = RingHash(ring?.MinimumRingSize, ring?.MaximumRingSize,
                        ring?.HashFunction == Cluster.Types.RingHashLbConfig.Types.HashFunction.MurmurHash2
                            ? RingHashFunction.MurmurHash2
                            : RingHashFunction.XxHash,
                        "ring_hash_lb_config", minimumMustBePositive: false),
                };
            case Cluster.Types.LbPolicy.Maglev:
                return settings with
                {
                    Kind = LoadBalancerKind.Maglev,
                    PolicyName = Prefix + "maglev",
                    Maglev = Maglev(cluster.MaglevLbConfig?.TableSize, "maglev_lb_config.table_size"),
                };
            case Cluster.Types.LbPolicy.ClusterProvided:
                return settings with { Kind = LoadBalancerKind.ClusterProvided, PolicyName = Prefix + "cluster_provided" };
            default:
                throw new FieldException("lb_policy", $"unknown value {(int)cluster.LbPolicy}");
        }
    }

    private static LoadBalancerSettings Typed(LoadBalancerSettings settings, LoadBalancingPolicy policy, string clusterName, string path)
    {
        var missing = new List<string>();
        for (var i = 0; i < policy.Policies.Count; i++)
        {
            var extension = policy.Policies[i].TypedExtensionConfig;
            var itemPath = $"{path}.policies[{i}].typed_extension_config";
            if (extension?.TypedConfig is null)
            {
                throw new FieldException(itemPath, "typed_config is required");
            }

            var result = TryTypedPolicy(settings, extension.TypedConfig, clusterName, itemPath + ".typed_config");
            if (result is not null)
            {
                return result with { PolicyName = extension.Name };
            }

            missing.Add(extension.Name);
        }

        throw new FieldException(path,
            $"cluster: didn't find a registered load balancer factory implementation for cluster: '{clusterName}' " +
            $"with names from [{string.Join(", ", missing)}]");
    }

    /// <summary>The settings for a known policy type, or null when the type is not implemented (the next one is tried).</summary>
    private static LoadBalancerSettings? TryTypedPolicy(LoadBalancerSettings settings, Any config, string clusterName, string path)
    {
        switch (ProtoValues.TypeName(config.TypeUrl))
        {
            case Prefix + "round_robin.v3.RoundRobin":
                var rr = ProtoValues.Unpack(config, RoundRobinProto.Parser, Prefix + "round_robin.v3.RoundRobin", path);
                return Locality(settings, rr.LocalityLbConfig, path + ".locality_lb_config") with
                {
                    Kind = LoadBalancerKind.RoundRobin,
                    SlowStart = SlowStart(rr.SlowStartConfig, path + ".slow_start_config"),
                };
            case Prefix + "least_request.v3.LeastRequest":
                var lr = ProtoValues.Unpack(config, LeastRequestProto.Parser, Prefix + "least_request.v3.LeastRequest", path);
                var fullScan = lr.SelectionMethod == LeastRequestProto.Types.SelectionMethod.FullScan || lr.EnableFullScan == true;
                return Locality(settings, lr.LocalityLbConfig, path + ".locality_lb_config") with
                {
                    Kind = LoadBalancerKind.LeastRequest,
                    LeastRequest = LeastRequest(lr.ChoiceCount, lr.ActiveRequestBias,
                        fullScan ? LeastRequestSelectionMethod.FullScan : LeastRequestSelectionMethod.NChoices, path),
                    SlowStart = SlowStart(lr.SlowStartConfig, path + ".slow_start_config"),
                };
            case Prefix + "random.v3.Random":
                var random = ProtoValues.Unpack(config, RandomProto.Parser, Prefix + "random.v3.Random", path);
                return Locality(settings, random.LocalityLbConfig, path + ".locality_lb_config") with { Kind = LoadBalancerKind.Random };
            case Prefix + "ring_hash.v3.RingHash":
                var ring = ProtoValues.Unpack(config, RingHashProto.Parser, Prefix + "ring_hash.v3.RingHash", path);
                var ringHashing = ring.ConsistentHashingLbConfig;
                return settings with
                {
                    Kind = LoadBalancerKind.RingHash,
                    LocalityWeighted = ring.LocalityWeightedLbConfig is not null,
                    RingHash = RingHash(ring.MinimumRingSize, ring.MaximumRingSize,
                        ring.HashFunction == RingHashProto.Types.HashFunction.MurmurHash2 ? RingHashFunction.MurmurHash2 : RingHashFunction.XxHash,
                        path, minimumMustBePositive: true),
                    UseHostnameForHashing = ringHashing?.UseHostnameForHashing ?? ring.UseHostnameForHashing,
                    HashBalanceFactor = BalanceFactor(ringHashing is null ? ring.HashBalanceFactor : ringHashing.HashBalanceFactor,
                        path + ".hash_balance_factor"),
                };
            case Prefix + "maglev.v3.Maglev":
                var maglev = ProtoValues.Unpack(config, MaglevProto.Parser, Prefix + "maglev.v3.Maglev", path);
                return settings with
                {
                    Kind = LoadBalancerKind.Maglev,
                    LocalityWeighted = maglev.LocalityWeightedLbConfig is not null,
                    Maglev = Maglev(maglev.TableSize, path + ".table_size"),
                    UseHostnameForHashing = maglev.ConsistentHashingLbConfig?.UseHostnameForHashing ?? false,
                    HashBalanceFactor = BalanceFactor(maglev.ConsistentHashingLbConfig?.HashBalanceFactor,
                        path + ".consistent_hashing_lb_config.hash_balance_factor"),
                };
            case Prefix + "cluster_provided.v3.ClusterProvided":
                return settings with { Kind = LoadBalancerKind.ClusterProvided };
            case ClientSideWeightedRoundRobinType:
                return settings with { Kind = LoadBalancerKind.ClientSideWeightedRoundRobin };
            case OverrideHostExtension.TypeName:
                var overrideHost = OverrideHostExtension.Decode(config.Value);
                if (overrideHost.Sources.IsEmpty)
                {
                    throw new FieldException(path + ".override_host_sources", "at least one source is required");
                }

                if (overrideHost.FallbackPolicy is null)
                {
                    throw new FieldException(path + ".fallback_policy", "is required");
                }

                return Typed(settings, overrideHost.FallbackPolicy, clusterName, path + ".fallback_policy") with
                {
                    OverrideHostSources = overrideHost.Sources,
                };
            default:
                return null;
        }
    }

    private static LoadBalancerSettings Locality(LoadBalancerSettings settings, CommonLb.LocalityLbConfig? locality, string path)
    {
        if (locality is null)
        {
            return settings;
        }

        return locality.LocalityConfigSpecifierCase switch
        {
            CommonLb.LocalityLbConfig.LocalityConfigSpecifierOneofCase.LocalityWeightedLbConfig => settings with { LocalityWeighted = true },
            CommonLb.LocalityLbConfig.LocalityConfigSpecifierOneofCase.ZoneAwareLbConfig => settings with
            {
                ZoneAware = ZoneAware(locality.ZoneAwareLbConfig.RoutingEnabled, locality.ZoneAwareLbConfig.MinClusterSize,
                    locality.ZoneAwareLbConfig.FailTrafficOnPanic, path + ".zone_aware_lb_config"),
            },
            _ => throw new FieldException(path, "one of zone_aware_lb_config or locality_weighted_lb_config is required"),
        };
    }

    private static ZoneAwareSettings ZoneAware(Envoy.Type.V3.Percent? routingEnabled, ulong? minClusterSize, bool failTrafficOnPanic, string path) =>
        new()
        {
            RoutingEnabledPercent = routingEnabled is null ? 100 : ProtoValues.Percent(routingEnabled, path + ".routing_enabled"),
            MinClusterSize = minClusterSize ?? 6,
            FailTrafficOnPanic = failTrafficOnPanic,
        };

    private static LeastRequestSettings LeastRequest(uint? choiceCount, RuntimeDouble? bias, LeastRequestSelectionMethod method, string path)
    {
        if (choiceCount is < 2)
        {
            throw new FieldException(path + ".choice_count", $"must be at least 2, got {choiceCount}");
        }

        var activeRequestBias = bias?.DefaultValue ?? 1.0;
        if (double.IsNaN(activeRequestBias) || activeRequestBias < 0)
        {
            // Envoy: "Invalid active_request_bias value: must be greater or equal to 0".
            throw new FieldException(path + ".active_request_bias", "must be greater or equal to 0");
        }

        return new LeastRequestSettings
        {
            ChoiceCount = (int)(choiceCount ?? 2),
            ActiveRequestBias = activeRequestBias,
            SelectionMethod = method,
        };
    }

    private static RingHashSettings RingHash(ulong? minimum, ulong? maximum, RingHashFunction function, string path, bool minimumMustBePositive)
    {
        if (minimum is > RingHashSettings.MaxRingSize)
        {
            throw new FieldException(path + ".minimum_ring_size", $"must be at most {RingHashSettings.MaxRingSize}, got {minimum}");
        }

        if (minimumMustBePositive && minimum is 0)
        {
            throw new FieldException(path + ".minimum_ring_size", "must be at least 1");
        }

        if (maximum is > RingHashSettings.MaxRingSize)
        {
            throw new FieldException(path + ".maximum_ring_size", $"must be at most {RingHashSettings.MaxRingSize}, got {maximum}");
        }

        var settings = new RingHashSettings
        {
            MinimumRingSize = minimum ?? RingHashSettings.DefaultMinimumRingSize,
            MaximumRingSize = maximum ?? RingHashSettings.MaxRingSize,
            HashFunction = function,
        };
        if (settings.MinimumRingSize > settings.MaximumRingSize)
        {
            throw new FieldException(path,
                $"ring hash: minimum_ring_size ({settings.MinimumRingSize}) > maximum_ring_size ({settings.MaximumRingSize})");
        }

        return settings;
    }

    private static MaglevSettings Maglev(ulong? tableSize, string path)
    {
        var size = tableSize ?? MaglevSettings.DefaultTableSize;
        if (size > MaglevSettings.MaxTableSize)
        {
            throw new FieldException(path, $"must be at most {MaglevSettings.MaxTableSize}, got {size}");
        }

        if (!IsPrime(size))
        {
            throw new FieldException(path, "The table size of maglev must be prime number");
        }

        return new MaglevSettings { TableSize = size };
    }

    private static uint? BalanceFactor(uint? factor, string path) => factor switch
    {
        null or 0 => null,
        < 100 => throw new FieldException(path, $"must be at least 100, got {factor}"),
        _ => factor,
    };

    private static SlowStartSettings? SlowStart(Cluster.Types.SlowStartConfig? config, string path) =>
        config is null ? null : SlowStart(config.SlowStartWindow, config.Aggression, config.MinWeightPercent, path);

    private static SlowStartSettings? SlowStart(CommonLb.SlowStartConfig? config, string path) =>
        config is null ? null : SlowStart(config.SlowStartWindow, config.Aggression, config.MinWeightPercent, path);

    private static SlowStartSettings SlowStart(Duration? window, RuntimeDouble? aggression, Envoy.Type.V3.Percent? minWeight, string path) =>
        new()
        {
            Window = ProtoValues.ToTimeSpan(window, TimeSpan.Zero, path + ".slow_start_window"),
            Aggression = aggression?.DefaultValue ?? 1.0,
            MinWeightPercent = minWeight is null ? 10 : ProtoValues.Percent(minWeight, path + ".min_weight_percent"),
        };

    private static bool IsPrime(ulong n)
    {
        if (n < 2)
        {
            return false;
        }

        for (ulong d = 2; d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }
}
