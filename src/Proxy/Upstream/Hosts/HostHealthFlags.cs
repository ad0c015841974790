namespace Proxy.Upstream.Hosts;

/// <summary>
/// Why a host is unhealthy, degraded or excluded: Envoy's <c>Host::HealthFlag</c>. EDS sets the EDS bits on
/// every update; the health checker and the outlier detector set and clear theirs.
/// </summary>
[Flags]
public enum HostHealthFlags
{
    None = 0,

    /// <summary>Failed active health checking.</summary>
    FailedActiveHealthCheck = 1 << 0,

    /// <summary>Ejected by outlier detection.</summary>
    FailedOutlierCheck = 1 << 1,

    /// <summary>EDS said UNHEALTHY, DRAINING or TIMEOUT.</summary>
    FailedEdsHealth = 1 << 2,

    /// <summary>Active health check answered "degraded" (x-envoy-degraded).</summary>
    DegradedActiveHealthCheck = 1 << 3,

    /// <summary>EDS said DEGRADED.</summary>
    DegradedEdsHealth = 1 << 4,

    /// <summary>Removed by EDS but kept until its health check fails (excluded from load computations).</summary>
    PendingDynamicRemoval = 1 << 5,

    /// <summary>New host waiting for its first active health check (excluded from load computations).</summary>
    PendingActiveHealthCheck = 1 << 6,

    /// <summary>Health check failed with immediate-fail (x-envoy-immediate-health-check-fail); excluded.</summary>
    ExcludedViaImmediateHealthCheckFail = 1 << 7,

    /// <summary>The last active health check timed out.</summary>
    ActiveHealthCheckTimeout = 1 << 8,

    /// <summary>EDS said DRAINING (together with <see cref="FailedEdsHealth"/>).</summary>
    EdsStatusDraining = 1 << 9,
}
