using Microsoft.AspNetCore.Http;
using Proxy.Filters.StreamInfo;

namespace Proxy.Filters.Http;

/// <summary>
/// One request as the HTTP filters see it: the ASP.NET Core <see cref="HttpContext"/> (request headers
/// may be changed; the response is still unsent while filters run on the request), the stream info
/// (flags, addresses, filter state) and the matched route's names. Reused for every request of a
/// connection, so filters must not keep it.
/// </summary>
public sealed class HttpFilterContext
{
    public HttpFilterContext(StreamInfo.StreamInfo streamInfo) => StreamInfo = streamInfo;

    public HttpContext Http { get; private set; } = null!;

    public StreamInfo.StreamInfo StreamInfo { get; }

    /// <summary>The route the router will use (route name, or null when none matched).</summary>
    public string? RouteName => StreamInfo.RouteName;

    /// <summary>
    /// The request's <c>:path</c> as the router matches it (after normalize_path and merge_slashes), with its query.
    /// </summary>
    public string Path { get; set; } = "/";

    /// <summary>
    /// For the filter now running: its most specific typed_per_filter_config (route, else virtual host, else
    /// route configuration) as its factory translated it (<see cref="IRouteSpecificConfigFactory"/>), or null.
    /// </summary>
    public object? RouteConfig { get; set; }

    /// <summary>
    /// The matched route as the proxy represents it (Proxy.Routing.RouteEntry), for built-in filters that read
    /// route fields such as <c>rate_limits</c>; filters written against this SDK use <see cref="RouteName"/> and
    /// <see cref="RouteConfig"/>.
    /// </summary>
    public object? Route { get; set; }

    /// <summary>The upstream cluster picked by the route, when known before the router runs.</summary>
    public string? ClusterName { get; set; }

    /// <summary>Set when a filter (or the connection manager) decided to answer without going upstream.</summary>
    public LocalReply? LocalReply { get; private set; }

    /// <summary>
    /// Answers the request locally (Envoy's sendLocalReply); the filter then returns
    /// <see cref="FilterStatus.StopIteration"/>. Response filters still run on the local reply.
    /// </summary>
    public void SendLocalReply(int statusCode, string body, ResponseFlags flags, string details)
    {
        StreamInfo.SetResponseFlag(flags);
        LocalReply = new LocalReply(statusCode, body, flags, details);
    }

    public void SendLocalReply(LocalReply reply)
    {
        StreamInfo.SetResponseFlag(reply.Flags);
        LocalReply = reply;
    }

    /// <summary>Binds the context to the next request on the connection.</summary>
    public void Reset(HttpContext http)
    {
        Http = http;
        ClusterName = null;
        LocalReply = null;
        RouteConfig = null;
        Route = null;
        Path = "/";
    }
}
