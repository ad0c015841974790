namespace Proxy.Tcp;

/// <summary>A validated envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.</summary>
internal sealed record TcpProxyConfig
{
    public required string StatPrefix { get; init; }

    /// <summary>cluster, when a single cluster is named.</summary>
    public string? Cluster { get; init; }

    /// <summary>weighted_clusters.clusters, when the traffic is split.</summary>
    public IReadOnlyList<WeightedCluster> WeightedClusters { get; init; } = [];

    public ulong TotalWeight { get; init; }

    /// <summary>idle_timeout (Envoy default 1 h); zero disables it.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>max_connect_attempts (default 1): connect attempts before the connection is given up.</summary>
    public int MaxConnectAttempts { get; init; } = 1;

    /// <summary>max_downstream_connection_duration; zero = none.</summary>
    public TimeSpan MaxDownstreamConnectionDuration { get; init; }

    public IReadOnlyList<Proxy.Filters.AccessLog.IAccessLogger> AccessLogs { get; init; } = [];

    /// <summary>Picks the cluster for a new connection; <paramref name="random"/> is in [0, TotalWeight).</summary>
    public string PickCluster(ulong random)
    {
        if (Cluster is not null)
        {
            return Cluster;
        }

        var point = random % TotalWeight;
        foreach (var entry in WeightedClusters)
        {
            if (point < entry.Weight)
            {
                return entry.Name;
            }

            point -= entry.Weight;
        }

        return WeightedClusters[^1].Name;
    }
}
