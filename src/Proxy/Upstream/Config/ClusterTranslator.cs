using System.Collections.Immutable;
using System.Net;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Proxy.Filters.Extensions;
using Proxy.Upstream.Dns;

// dns_resolvers, dns_resolution_config and track_timeout_budgets are deprecated in the API but Envoy still honours them.
#pragma warning disable CS0612

namespace Proxy.Upstream.Config;

/// <summary>
/// Translates <c>config.cluster.v3.Cluster</c> into an immutable <see cref="ClusterConfig"/>, once, when the
/// resource arrives. Invalid input throws <see cref="ConfigException"/> with
/// <c>cluster 'name': field.path: reason</c>; Envoy's own messages are reused where it has one.
/// </summary>
public static class ClusterTranslator
{
    public static ClusterConfig Translate(Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Name.Length == 0)
        {
            throw new ConfigException("cluster '': name: must not be empty");
        }

        try
        {
            return TranslateFields(cluster);
        }
        catch (FieldException e)
        {
            throw new ConfigException($"cluster '{cluster.Name}': {e.Message}");
        }
    }

    private static ClusterConfig TranslateFields(Cluster cluster)
    {
        // 1. Discovery type: `type`, or a `cluster_type` extension we know.
        var (discovery, dnsExtension, aggregate) = DiscoveryType(cluster);
        if (cluster.EdsClusterConfig is not null && discovery != ClusterDiscoveryType.Eds)
        {
            throw new FieldException("eds_cluster_config", "eds_cluster_config set in a non-EDS cluster");
        }

        // 2. ORIGINAL_DST restrictions (Envoy's OriginalDstClusterFactory).
        if (discovery == ClusterDiscoveryType.OriginalDst)
        {
            if (cluster.LbPolicy != Cluster.Types.LbPolicy.ClusterProvided)
            {
                throw new FieldException("lb_policy",
                    $"cluster: LB policy {LbPolicyName(cluster.LbPolicy)} is not valid for Cluster type ORIGINAL_DST. " +
                    "Only 'CLUSTER_PROVIDED' is allowed with cluster type 'ORIGINAL_DST'");
            }

            if (cluster.LoadAssignment is not null)
            {
                throw new FieldException("load_assignment", "ORIGINAL_DST clusters must have no load assignment configured");
            }
        }

        var (http, tcpIdle) = HttpProtocolOptionsTranslator.Translate(cluster);
        return new ClusterConfig
        {
            Name = cluster.Name,
            AltStatName = cluster.AltStatName.Length == 0 ? null : cluster.AltStatName,
            DiscoveryType = discovery,
            EdsServiceName = discovery == ClusterDiscoveryType.Eds
                ? (string.IsNullOrEmpty(cluster.EdsClusterConfig?.ServiceName) ? cluster.Name : cluster.EdsClusterConfig.ServiceName)
                : null,
            EdsConfigSource = discovery == ClusterDiscoveryType.Eds ? cluster.EdsClusterConfig?.EdsConfig : null,
            AggregateClusters = aggregate,
            ConnectTimeout = cluster.ConnectTimeout is null
                ? TimeSpan.FromSeconds(5)
                : ProtoValues.Positive(cluster.ConnectTimeout, "connect_timeout"),
            LoadBalancer = LbPolicyTranslator.Translate(cluster),
            LoadAssignment = Assignment(cluster, discovery),
            Dns = dnsExtension is null ? DnsFor(cluster) : DnsFor(cluster, dnsExtension),
            CircuitBreakers = CircuitBreakersTranslator.Translate(cluster.CircuitBreakers),
            PerConnectionBufferLimitBytes = cluster.PerConnectionBufferLimitBytes ?? 1024 * 1024,
            Http = http,
            TcpPoolIdleTimeout = tcpIdle,
            TcpKeepalive = Keepalive(cluster.UpstreamConnectionOptions?.TcpKeepalive),
            UpstreamBind = Bind(cluster.UpstreamBindConfig),
            TransportSocket = Socket(cluster.TransportSocket, "transport_socket"),
            TransportSocketMatches = SocketMatches(cluster),
            HealthChecks = HealthChecks(cluster),
            OutlierDetection = Outlier(cluster.OutlierDetection),
            CloseConnectionsOnHostHealthFailure = cluster.CloseConnectionsOnHostHealthFailure,
            IgnoreHealthOnHostRemoval = cluster.IgnoreHealthOnHostRemoval,
            Metadata = cluster.Metadata,
            TrackClusterStats = cluster.TrackClusterStats is null
                ? new TrackClusterStatsSettings(cluster.TrackTimeoutBudgets, false, false)
                : new TrackClusterStatsSettings(
                    cluster.TrackClusterStats.TimeoutBudgets || cluster.TrackTimeoutBudgets,
                    cluster.TrackClusterStats.RequestResponseSizes,
                    cluster.TrackClusterStats.PerEndpointStats),
            CleanupInterval = cluster.CleanupInterval is null
                ? TimeSpan.FromSeconds(5)
                : ProtoValues.Positive(cluster.CleanupInterval, "cleanup_interval"),
            OriginalDst = OriginalDst(cluster.OriginalDstLbConfig),
            UpstreamNetworkFilters = Filters(cluster),
            WaitForWarmOnInit = cluster.WaitForWarmOnInit ?? true,
            ConnectionPoolPerDownstreamConnection = cluster.ConnectionPoolPerDownstreamConnection,
            PerUpstreamPreconnectRatio = Ratio(cluster.PreconnectPolicy?.PerUpstreamPreconnectRatio, 1.0,
                "preconnect_policy.per_upstream_preconnect_ratio"),
            PredictivePreconnectRatio = Ratio(cluster.PreconnectPolicy?.PredictivePreconnectRatio, 0,
                "preconnect_policy.predictive_preconnect_ratio"),
            UpstreamConfig = cluster.UpstreamConfig is null
                ? null
                : new UpstreamExtensionConfig(cluster.UpstreamConfig.Name, cluster.UpstreamConfig.TypedConfig),
            LoadReportingEnabled = cluster.LrsServer is not null,
        };
    }

    private static (ClusterDiscoveryType, DnsClusterExtension?, ImmutableArray<string>) DiscoveryType(Cluster cluster)
    {
        if (cluster.ClusterDiscoveryTypeCase != Cluster.ClusterDiscoveryTypeOneofCase.ClusterType)
        {
            var type = cluster.Type switch
            {
                Cluster.Types.DiscoveryType.Static => ClusterDiscoveryType.Static,
                Cluster.Types.DiscoveryType.StrictDns => ClusterDiscoveryType.StrictDns,
                Cluster.Types.DiscoveryType.LogicalDns => ClusterDiscoveryType.LogicalDns,
                Cluster.Types.DiscoveryType.Eds => ClusterDiscoveryType.Eds,
                Cluster.Types.DiscoveryType.OriginalDst => ClusterDiscoveryType.OriginalDst,
                _ => throw new FieldException("type", $"unknown value {(int)cluster.Type}"),
            };
            return (type, null, ImmutableArray<string>.Empty);
        }

        // 1. By the type URL of typed_config, as Envoy's getFactoryByType; then by name.
        var custom = cluster.ClusterType;
        if (custom.Name.Length == 0)
        {
            throw new FieldException("cluster_type.name", "must not be empty");
        }

        var typeName = custom.TypedConfig is null ? string.Empty : ProtoValues.TypeName(custom.TypedConfig.TypeUrl);
        if (typeName == DnsClusterExtension.TypeName)
        {
            var dns = DnsClusterExtension.Decode(custom.TypedConfig!.Value);
            return (dns.Strict ? ClusterDiscoveryType.StrictDns : ClusterDiscoveryType.LogicalDns, dns, ImmutableArray<string>.Empty);
        }

        if (typeName == AggregateClusterExtension.TypeName)
        {
            var clusters = AggregateClusterExtension.Decode(custom.TypedConfig!.Value);
            if (clusters.IsEmpty)
            {
                throw new FieldException("cluster_type.typed_config.clusters", "at least one cluster is required");
            }

            return (ClusterDiscoveryType.Aggregate, null, clusters);
        }

        // 2. The built-in cluster factories by their registered names (no typed_config needed).
        ClusterDiscoveryType? byName = custom.Name switch
        {
            "envoy.cluster.static" => ClusterDiscoveryType.Static,
            "envoy.cluster.strict_dns" => ClusterDiscoveryType.StrictDns,
            "envoy.cluster.logical_dns" => ClusterDiscoveryType.LogicalDns,
            "envoy.cluster.eds" => ClusterDiscoveryType.Eds,
            "envoy.cluster.original_dst" => ClusterDiscoveryType.OriginalDst,
            _ => null,
        };
        if (byName is null || typeName.Length != 0)
        {
            var described = typeName.Length == 0 ? custom.Name : $"{custom.Name} ({typeName})";
            throw new FieldException("cluster_type",
                $"Didn't find a registered cluster factory implementation for name: '{described}'");
        }

        return (byName.Value, null, ImmutableArray<string>.Empty);
    }

    private static LoadAssignment? Assignment(Cluster cluster, ClusterDiscoveryType discovery)
    {
        if (discovery is not (ClusterDiscoveryType.Static or ClusterDiscoveryType.StrictDns or ClusterDiscoveryType.LogicalDns))
        {
            return null;
        }

        if (cluster.LoadAssignment is null)
        {
            if (discovery == ClusterDiscoveryType.LogicalDns)
            {
                throw new FieldException("load_assignment",
                    "LOGICAL_DNS clusters must have a single locality_lb_endpoint and a single lb_endpoint");
            }

            return Config.LoadAssignment.Empty with { ClusterName = cluster.Name };
        }

        LoadAssignment assignment;
        try
        {
            assignment = EndpointTranslator.TranslateFields(cluster.LoadAssignment, allowHostnames: discovery != ClusterDiscoveryType.Static);
        }
        catch (FieldException e)
        {
            throw e.Under("load_assignment");
        }

        if (discovery == ClusterDiscoveryType.LogicalDns &&
            (assignment.Localities.Length != 1 || assignment.Localities[0].Endpoints.Length != 1))
        {
            throw new FieldException("load_assignment",
                "LOGICAL_DNS clusters must have a single locality_lb_endpoint and a single lb_endpoint");
        }

        if (discovery != ClusterDiscoveryType.Static)
        {
            // DNS clusters resolve socket addresses; Envoy refuses pipes and internal addresses there.
            for (var l = 0; l < assignment.Localities.Length; l++)
            {
                for (var e = 0; e < assignment.Localities[l].Endpoints.Length; e++)
                {
                    var kind = assignment.Localities[l].Endpoints[e].Address.Kind;
                    if (kind is not (EndpointAddressKind.Ip or EndpointAddressKind.Hostname))
                    {
                        throw new FieldException($"load_assignment.endpoints[{l}].lb_endpoints[{e}].endpoint.address",
                            "DNS clusters need a socket_address");
                    }
                }
            }
        }

        return assignment;
    }

    private static DnsSettings DnsFor(Cluster cluster)
    {
        var settings = new DnsSettings
        {
            LookupFamily = cluster.DnsLookupFamily switch
            {
                Cluster.Types.DnsLookupFamily.V4Only => DnsLookupFamily.V4Only,
                Cluster.Types.DnsLookupFamily.V6Only => DnsLookupFamily.V6Only,
                Cluster.Types.DnsLookupFamily.V4Preferred => DnsLookupFamily.V4Preferred,
                Cluster.Types.DnsLookupFamily.All => DnsLookupFamily.All,
                _ => DnsLookupFamily.Auto,
            },
            RefreshRate = cluster.DnsRefreshRate is null
                ? DnsSettings.Default.RefreshRate
                : ProtoValues.AboveOneMillisecond(cluster.DnsRefreshRate, "dns_refresh_rate"),
            RespectDnsTtl = cluster.RespectDnsTtl,
            HasCustomResolver = cluster.TypedDnsResolverConfig is not null || cluster.DnsResolvers.Count != 0 ||
                                cluster.DnsResolutionConfig is not null,
        };
        var failure = cluster.DnsFailureRefreshRate;
        return failure is null
            ? settings
            : FailureRefresh(settings, failure.BaseInterval, failure.MaxInterval, "dns_failure_refresh_rate");
    }

    /// <summary>The DnsCluster extension's fields replace the legacy ones (unspecified lookup family keeps the cluster's).</summary>
    private static DnsSettings DnsFor(Cluster cluster, DnsClusterExtension dns)
    {
        const string Path = "cluster_type.typed_config";
        var legacy = DnsFor(cluster);
        var settings = legacy with
        {
            LookupFamily = dns.LookupFamily switch
            {
                1 => DnsLookupFamily.Auto,
                2 => DnsLookupFamily.V4Only,
                3 => DnsLookupFamily.V6Only,
                4 => DnsLookupFamily.V4Preferred,
                5 => DnsLookupFamily.All,
                _ => legacy.LookupFamily,
            },
            RefreshRate = dns.RefreshRate is null
                ? DnsSettings.Default.RefreshRate
                : ProtoValues.AboveOneMillisecond(dns.RefreshRate, Path + ".dns_refresh_rate"),
            RespectDnsTtl = dns.RespectDnsTtl,
            Jitter = ProtoValues.ToTimeSpan(dns.Jitter, TimeSpan.Zero, Path + ".dns_jitter"),
            HasCustomResolver = dns.HasCustomResolver,
            FailureRefreshBase = null,
            FailureRefreshMax = null,
        };
        if (settings.Jitter < TimeSpan.Zero)
        {
            throw new FieldException(Path + ".dns_jitter", "must not be negative");
        }

        return dns.HasFailureRefreshRate
            ? FailureRefresh(settings, dns.FailureBase, dns.FailureMax, Path + ".dns_failure_refresh_rate")
            : settings;
    }

    private static DnsSettings FailureRefresh(DnsSettings settings, Google.Protobuf.WellKnownTypes.Duration? baseInterval,
        Google.Protobuf.WellKnownTypes.Duration? maxInterval, string path)
    {
        if (baseInterval is null)
        {
            throw new FieldException(path + ".base_interval", "is required");
        }

        var baseValue = ProtoValues.AboveOneMillisecond(baseInterval, path + ".base_interval");
        var maxValue = maxInterval is null ? baseValue * 10 : ProtoValues.AboveOneMillisecond(maxInterval, path + ".max_interval");
        if (maxValue < baseValue)
        {
            throw new FieldException(path + ".max_interval",
                "dns_failure_refresh_rate must have max_interval greater than or equal to the base_interval");
        }

        return settings with { FailureRefreshBase = baseValue, FailureRefreshMax = maxValue };
    }

    private static TcpKeepaliveSettings? Keepalive(TcpKeepalive? keepalive) =>
        keepalive is null
            ? null
            : new TcpKeepaliveSettings(
                keepalive.KeepaliveProbes,
                keepalive.KeepaliveTime is null ? null : TimeSpan.FromSeconds(keepalive.KeepaliveTime.Value),
                keepalive.KeepaliveInterval is null ? null : TimeSpan.FromSeconds(keepalive.KeepaliveInterval.Value));

    private static UpstreamBindSettings? Bind(BindConfig? bind)
    {
        if (bind is null)
        {
            return null;
        }

        IPEndPoint? source = null;
        if (bind.SourceAddress is not null)
        {
            try
            {
                source = AddressTranslator.TranslateIp(bind.SourceAddress);
            }
            catch (FieldException e)
            {
                throw new FieldException("upstream_bind_config.source_address", e.Reason);
            }
        }

        var extra = ImmutableArray.CreateBuilder<IPEndPoint>(bind.ExtraSourceAddresses.Count);
        for (var i = 0; i < bind.ExtraSourceAddresses.Count; i++)
        {
            var address = bind.ExtraSourceAddresses[i].Address;
            if (address is null)
            {
                throw new FieldException($"upstream_bind_config.extra_source_addresses[{i}].address", "is required");
            }

            try
            {
                extra.Add(AddressTranslator.TranslateIp(address));
            }
            catch (FieldException e)
            {
                throw new FieldException($"upstream_bind_config.extra_source_addresses[{i}].address", e.Reason);
            }
        }

        return new UpstreamBindSettings
        {
            SourceAddress = source,
            Freebind = bind.Freebind,
            ExtraSourceAddresses = extra.MoveToImmutable(),
        };
    }

    private static TransportSocketConfig Socket(TransportSocket? socket, string path)
    {
        try
        {
            return TransportSocketTranslator.Translate(socket);
        }
        catch (FieldException e)
        {
            throw e.Under(path);
        }
    }

    private static ImmutableArray<TransportSocketMatchConfig> SocketMatches(Cluster cluster)
    {
        var result = ImmutableArray.CreateBuilder<TransportSocketMatchConfig>(cluster.TransportSocketMatches.Count);
        for (var i = 0; i < cluster.TransportSocketMatches.Count; i++)
        {
            var match = cluster.TransportSocketMatches[i];
            var path = $"transport_socket_matches[{i}]";
            if (match.Name.Length == 0)
            {
                throw new FieldException(path + ".name", "must not be empty");
            }

            result.Add(new TransportSocketMatchConfig(
                match.Name,
                match.Match ?? new Google.Protobuf.WellKnownTypes.Struct(),
                Socket(match.TransportSocket, path + ".transport_socket")));
        }

        return result.MoveToImmutable();
    }

    private static ImmutableArray<HealthCheckConfig> HealthChecks(Cluster cluster)
    {
        var result = ImmutableArray.CreateBuilder<HealthCheckConfig>(cluster.HealthChecks.Count);
        for (var i = 0; i < cluster.HealthChecks.Count; i++)
        {
            try
            {
                result.Add(HealthCheckTranslator.Translate(cluster.HealthChecks[i]));
            }
            catch (FieldException e)
            {
                throw e.Under($"health_checks[{i}]");
            }
        }

        return result.MoveToImmutable();
    }

    private static OutlierDetectionConfig? Outlier(OutlierDetection? outlier)
    {
        if (outlier is null)
        {
            return null;
        }

        try
        {
            return OutlierDetectionTranslator.Translate(outlier);
        }
        catch (FieldException e)
        {
            throw e.Under("outlier_detection");
        }
    }

    private static OriginalDstSettings OriginalDst(Cluster.Types.OriginalDstLbConfig? config)
    {
        if (config is null)
        {
            return OriginalDstSettings.Default;
        }

        if (!config.UseHttpHeader && config.HttpHeaderName.Length != 0)
        {
            throw new FieldException("original_dst_lb_config.http_header_name",
                $"ORIGINAL_DST cluster: invalid config http_header_name={config.HttpHeaderName} and use_http_header is " +
                "false. Set use_http_header to true if http_header_name is desired.");
        }

        if (config.UpstreamPortOverride is > 65535)
        {
            throw new FieldException("original_dst_lb_config.upstream_port_override", $"must be at most 65535, got {config.UpstreamPortOverride}");
        }

        return new OriginalDstSettings
        {
            UseHttpHeader = config.UseHttpHeader,
            HttpHeaderName = config.HttpHeaderName.Length == 0 ? OriginalDstSettings.DefaultHeaderName : config.HttpHeaderName,
            UpstreamPortOverride = (int?)config.UpstreamPortOverride,
            MetadataKey = config.MetadataKey?.Key,
            MetadataPath = config.MetadataKey is null ? Array.Empty<string>() : config.MetadataKey.Path.Select(p => p.Key).ToArray(),
        };
    }

    private static ImmutableArray<UpstreamNetworkFilterConfig> Filters(Cluster cluster)
    {
        var result = ImmutableArray.CreateBuilder<UpstreamNetworkFilterConfig>(cluster.Filters.Count);
        for (var i = 0; i < cluster.Filters.Count; i++)
        {
            var filter = cluster.Filters[i];
            if (filter.Name.Length == 0)
            {
                throw new FieldException($"filters[{i}].name", "must not be empty");
            }

            if (filter.TypedConfig is not null && filter.ConfigDiscovery is not null)
            {
                throw new FieldException($"filters[{i}]", "Only one of typed_config or config_discovery can be used");
            }

            result.Add(new UpstreamNetworkFilterConfig(filter.Name, filter.TypedConfig));
        }

        return result.MoveToImmutable();
    }

    private static double Ratio(double? value, double defaultValue, string path)
    {
        if (value is null)
        {
            return defaultValue;
        }

        if (double.IsNaN(value.Value) || value < 1.0 || value > 3.0)
        {
            throw new FieldException(path, $"must be within [1.0, 3.0], got {value}");
        }

        return value.Value;
    }

    private static string LbPolicyName(Cluster.Types.LbPolicy policy) => policy switch
    {
        Cluster.Types.LbPolicy.RoundRobin => "ROUND_ROBIN",
        Cluster.Types.LbPolicy.LeastRequest => "LEAST_REQUEST",
        Cluster.Types.LbPolicy.RingHash => "RING_HASH",
        Cluster.Types.LbPolicy.Random => "RANDOM",
        Cluster.Types.LbPolicy.Maglev => "MAGLEV",
        Cluster.Types.LbPolicy.ClusterProvided => "CLUSTER_PROVIDED",
        Cluster.Types.LbPolicy.LoadBalancingPolicyConfig => "LOAD_BALANCING_POLICY_CONFIG",
        _ => ((int)policy).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
