using Proxy.Routing.Matching;

namespace Proxy.Routing.Actions;

/// <summary>Route.redirect; the Location is built per request by <see cref="RedirectLocation"/>.</summary>
public sealed class RedirectAction : RouteEntryAction
{
    /// <summary>scheme_redirect, or "https" for https_redirect; null keeps the request's scheme.</summary>
    public string? SchemeRedirect { get; init; }

    public string? HostRedirect { get; init; }

    /// <summary>0 when not set.</summary>
    public uint PortRedirect { get; init; }

    /// <summary>Replaces the path; a query in it replaces the request's and survives strip_query.</summary>
    public string? PathRedirect { get; init; }

    /// <summary>Replaces the part of the path the route matched.</summary>
    public string? PrefixRewrite { get; init; }

    public RegexRewrite? RegexRewrite { get; init; }

    /// <summary>301 (default), 302, 303, 307 or 308.</summary>
    public int ResponseCode { get; init; } = 301;

    public bool StripQuery { get; init; }

    /// <summary>The route's match, which decides what <see cref="PrefixRewrite"/> replaces.</summary>
    public required RouteMatch Match { get; init; }

    internal bool PathRedirectHasQuery => PathRedirect is not null && PathRedirect.Contains('?');
}
