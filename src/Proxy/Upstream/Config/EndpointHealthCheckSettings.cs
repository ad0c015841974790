namespace Proxy.Upstream.Config;

/// <summary>
/// <c>Endpoint.health_check_config</c>: where active health checks go instead of the serving address.
/// Recorded for the health checker; a port of 0 means "the endpoint's own port".
/// </summary>
public sealed record EndpointHealthCheckSettings
{
    public int PortValue { get; init; }

    public string Hostname { get; init; } = string.Empty;

    public EndpointAddress? Address { get; init; }

    public bool DisableActiveHealthCheck { get; init; }
}
