namespace Proxy.Upstream.Config;

/// <summary>The active health checker of a <c>health_checks[]</c> entry.</summary>
public enum HealthCheckKind
{
    Http,
    Tcp,
    Grpc,

    /// <summary><c>custom_health_check</c> (e.g. redis); recorded by name only.</summary>
    Custom,
}
