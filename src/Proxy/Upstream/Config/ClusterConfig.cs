using System.Collections.Immutable;
using Envoy.Config.Core.V3;

namespace Proxy.Upstream.Config;

/// <summary>
/// A translated, validated <c>config.cluster.v3.Cluster</c>. Immutable once built; the few protos it keeps
/// (metadata, TLS contexts, match structs) are never mutated. Runtime state (hosts, pools, LB) lives elsewhere.
/// </summary>
public sealed record ClusterConfig
{
    public required string Name { get; init; }

    /// <summary><c>alt_stat_name</c>; null when unset.</summary>
    public string? AltStatName { get; init; }

    /// <summary>The name in stats: <c>cluster.&lt;StatName&gt;.*</c> (alt_stat_name when set, else the name).</summary>
    public string StatName => AltStatName ?? Name;

    public required ClusterDiscoveryType DiscoveryType { get; init; }

    /// <summary>The EDS resource to subscribe to: <c>eds_cluster_config.service_name</c>, or the cluster name when empty.</summary>
    public string? EdsServiceName { get; init; }

    /// <summary>eds_cluster_config.eds_config: where the endpoints come from (ads, its own api_config_source, a file).</summary>
    public Envoy.Config.Core.V3.ConfigSource? EdsConfigSource { get; init; }

    /// <summary>For <see cref="ClusterDiscoveryType.Aggregate"/>: the clusters, in priority order.</summary>
    public ImmutableArray<string> AggregateClusters { get; init; } = ImmutableArray<string>.Empty;

    /// <summary><c>connect_timeout</c>; default 5s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public LoadBalancerSettings LoadBalancer { get; init; } = LoadBalancerSettings.Default;

    /// <summary>Hosts of STATIC / STRICT_DNS / LOGICAL_DNS clusters (names unresolved for DNS); null for EDS / ORIGINAL_DST.</summary>
    public LoadAssignment? LoadAssignment { get; init; }

    public DnsSettings Dns { get; init; } = DnsSettings.Default;

    public CircuitBreakersConfig CircuitBreakers { get; init; } = CircuitBreakersConfig.Default;

    /// <summary><c>per_connection_buffer_limit_bytes</c>; default 1 MiB.</summary>
    public uint PerConnectionBufferLimitBytes { get; init; } = 1024 * 1024;

    public HttpProtocolConfig Http { get; init; } = HttpProtocolConfig.Default;

    /// <summary>TcpProtocolOptions <c>idle_timeout</c> of TCP pools; default 10 min; null = none.</summary>
    public TimeSpan? TcpPoolIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public TcpKeepaliveSettings? TcpKeepalive { get; init; }

    public UpstreamBindSettings? UpstreamBind { get; init; }

    public TransportSocketConfig TransportSocket { get; init; } = TransportSocketConfig.RawBuffer;

    public ImmutableArray<TransportSocketMatchConfig> TransportSocketMatches { get; init; } = ImmutableArray<TransportSocketMatchConfig>.Empty;

    public ImmutableArray<HealthCheckConfig> HealthChecks { get; init; } = ImmutableArray<HealthCheckConfig>.Empty;

    public OutlierDetectionConfig? OutlierDetection { get; init; }

    public bool CloseConnectionsOnHostHealthFailure { get; init; }

    public bool IgnoreHealthOnHostRemoval { get; init; }

    /// <summary>Cluster metadata (e.g. <c>filter_metadata.istio</c>), kept as the proto Struct; null when unset.</summary>
    public Metadata? Metadata { get; init; }

    public TrackClusterStatsSettings TrackClusterStats { get; init; } = TrackClusterStatsSettings.None;

    /// <summary>ORIGINAL_DST <c>cleanup_interval</c>: unused hosts are dropped after this; default 5s.</summary>
    public TimeSpan CleanupInterval { get; init; } = TimeSpan.FromSeconds(5);

    public OriginalDstSettings OriginalDst { get; init; } = OriginalDstSettings.Default;

    public ImmutableArray<UpstreamNetworkFilterConfig> UpstreamNetworkFilters { get; init; } = ImmutableArray<UpstreamNetworkFilterConfig>.Empty;

    /// <summary><c>wait_for_warm_on_init</c>; default true.</summary>
    public bool WaitForWarmOnInit { get; init; } = true;

    public bool ConnectionPoolPerDownstreamConnection { get; init; }

    /// <summary><c>preconnect_policy.per_upstream_preconnect_ratio</c>; default 1.0 (no preconnect).</summary>
    public double PerUpstreamPreconnectRatio { get; init; } = 1.0;

    /// <summary><c>preconnect_policy.predictive_preconnect_ratio</c>; default 0.</summary>
    public double PredictivePreconnectRatio { get; init; }

    /// <summary><c>upstream_config</c> (generic upstream, e.g. <c>envoy.upstreams.http.tcp</c>); recorded.</summary>
    public UpstreamExtensionConfig? UpstreamConfig { get; init; }

    /// <summary>True when <c>lrs_server</c> is set (load reporting); recorded.</summary>
    public bool LoadReportingEnabled { get; init; }
}
