namespace Proxy.Routing;

/// <summary>
/// What routing found for a request. No <see cref="VirtualHost"/>: no domain matched (Envoy: 404, NR).
/// A virtual host but no <see cref="Route"/>: no route matched (404, NR), unless <see cref="RequiresTlsRedirect"/>,
/// where require_tls wants a 301 to https (<see cref="RedirectLocation.BuildTlsRedirectLocation"/>).
/// </summary>
public readonly struct RouteMatchResult
{
    public RouteMatchResult(VirtualHost? virtualHost, RouteEntry? route, bool requiresTlsRedirect)
    {
        VirtualHost = virtualHost;
        Route = route;
        RequiresTlsRedirect = requiresTlsRedirect;
    }

    public VirtualHost? VirtualHost { get; }

    public RouteEntry? Route { get; }

    public bool RequiresTlsRedirect { get; }
}
