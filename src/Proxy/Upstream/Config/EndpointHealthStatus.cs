namespace Proxy.Upstream.Config;

/// <summary>
/// The health an EDS endpoint was sent with (<c>config.core.v3.HealthStatus</c>). UNKNOWN and HEALTHY
/// count as healthy; UNHEALTHY, DRAINING and TIMEOUT as unhealthy; DEGRADED as degraded (Envoy's
/// <c>HostImpl::healthFlagsSetFromProto</c>).
/// </summary>
public enum EndpointHealthStatus
{
    Unknown = 0,
    Healthy = 1,
    Unhealthy = 2,
    Draining = 3,
    Timeout = 4,
    Degraded = 5,
}
