namespace Proxy.Upstream.Hosts;

/// <summary>Which hosts of the chosen priority a pick should use.</summary>
public enum HostAvailability
{
    Healthy,
    Degraded,
}
