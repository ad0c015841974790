namespace Proxy.Upstream.Hosts;

/// <summary>Envoy's coarse host health: any failure flag makes a host unhealthy, else any degraded flag makes it degraded.</summary>
public enum HostHealth
{
    Healthy,
    Degraded,
    Unhealthy,
}
