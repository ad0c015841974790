using Proxy.Routing.Actions;

namespace Proxy.Routing;

/// <summary>
/// RouteAction.prefix_rewrite / regex_rewrite, as Envoy's <c>currentUrlPathAfterRewriteWithMatchedPath</c>.
/// The router sets the original path aside in x-envoy-original-path when it rewrites.
/// </summary>
public static class PathRewriter
{
    /// <summary>
    /// The new <c>:path</c> for a request whose path (without query) is <paramref name="path"/> and whose query
    /// (with its '?', or empty) is <paramref name="query"/>; null when the route rewrites nothing.
    /// <c>prefix_rewrite</c> replaces the part the route matched: the prefix (or path-separated prefix, or exact
    /// path) as configured, or the whole path for regex and CONNECT routes. <c>regex_rewrite</c> replaces every
    /// match in the path; the query is kept either way.
    /// </summary>
    public static string? RewritePath(RouteEntry route, string path, string query)
    {
        if (route.Action is not RouteAction action)
        {
            return null;
        }

        if (action.PrefixRewrite is { } prefix)
        {
            int matched = route.Match.MatchedLength(path);
            return string.Concat(prefix, path.AsSpan(matched), query);
        }

        if (action.RegexRewrite is { } regex)
        {
            return string.Concat(regex.Apply(path), query);
        }

        return null;
    }

    /// <summary>The same for a request as routed; its path and query become strings only when the route rewrites.</summary>
    public static string? RewritePath(RouteEntry route, in RequestView view) =>
        route.Action is RouteAction { RewritesPath: true }
            ? RewritePath(route, view.PathWithoutQuery.ToString(), view.QueryAndFragment.ToString())
            : null;

    /// <summary>The same for a raw <c>:path</c> that still holds its query.</summary>
    public static string? RewritePath(RouteEntry route, string pathAndQuery)
    {
        if (route.Action is not RouteAction { RewritesPath: true })
        {
            return null;
        }

        int end = pathAndQuery.AsSpan().IndexOfAny('?', '#');
        return end < 0
            ? RewritePath(route, pathAndQuery, string.Empty)
            : RewritePath(route, pathAndQuery.Substring(0, end), pathAndQuery.Substring(end));
    }
}
