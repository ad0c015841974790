namespace Proxy.Routing;

/// <summary>
/// A typed_per_filter_config entry wrapped in envoy.config.route.v3.FilterConfig with <c>disabled: true</c>:
/// the HTTP filter of that name is skipped for the route (Envoy's per-route filter disabling).
/// </summary>
internal sealed class DisabledFilterConfig
{
    public static DisabledFilterConfig Instance { get; } = new();

    private DisabledFilterConfig()
    {
    }
}
