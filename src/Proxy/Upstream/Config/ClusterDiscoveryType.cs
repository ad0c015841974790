namespace Proxy.Upstream.Config;

/// <summary>How a cluster learns its hosts (<c>Cluster.type</c>, or a known <c>cluster_type</c> extension).</summary>
public enum ClusterDiscoveryType
{
    /// <summary>STATIC: the hosts of <c>load_assignment</c>, IP literals or pipes.</summary>
    Static,

    /// <summary>STRICT_DNS: every endpoint's name resolved; every address becomes a host.</summary>
    StrictDns,

    /// <summary>LOGICAL_DNS: one endpoint; only the first address is used, as one logical host.</summary>
    LogicalDns,

    /// <summary>EDS: hosts arrive as ClusterLoadAssignment resources named <see cref="ClusterConfig.EdsServiceName"/>.</summary>
    Eds,

    /// <summary>ORIGINAL_DST: the host is the downstream connection's original destination (or a header).</summary>
    OriginalDst,

    /// <summary><c>envoy.clusters.aggregate</c>: an ordered list of other clusters; recorded, routing through it comes later.</summary>
    Aggregate,
}
