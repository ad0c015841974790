using Microsoft.AspNetCore.Http;
using Proxy.Filters.StreamInfo;
using Proxy.Routing.Actions;

namespace Proxy.Routing.Headers;

/// <summary>
/// Applies a matched route's header mutations, in Envoy's order (<c>RouteEntryImplBase::finalizeRequestHeaders</c>,
/// <c>WeightedClusterEntry::finalizeRequestHeaders</c>, <c>getHeaderParsers</c>):
/// <list type="number">
/// <item>the picked weighted cluster's <c>request_headers_to_remove/add</c>, then its <c>host_rewrite_literal</c>;</item>
/// <item>route, then virtual host, then route configuration, so on conflicting overwrites the route
/// configuration wins; with <c>most_specific_header_mutations_wins</c> the reverse (route configuration, virtual
/// host, route), so the route wins;</item>
/// <item>the route's host rewrite (<c>host_rewrite_literal</c>, else <c>host_rewrite_header</c>, else
/// <c>host_rewrite_path_regex</c>), appending the old Host to x-forwarded-host when
/// <c>append_x_forwarded_host</c>. <c>auto_host_rewrite</c> needs the upstream host and is the router's
/// (<see cref="SetAuthority"/>); path rewriting is <see cref="PathRewriter"/>.</item>
/// </list>
/// Within one level, removals come first, then every value is formatted, then overwrites, then additions
/// (<see cref="HeaderMutations.Apply"/>). Responses follow steps 1 and 2 (weighted cluster first).
/// </summary>
public static class HeaderMutator
{
    public static void ApplyRequestMutations(IHeaderDictionary headers, RouteEntry route, WeightedCluster? cluster, HttpContext http, StreamInfo info)
    {
        if (cluster is not null)
        {
            cluster.RequestMutations.Apply(headers, http, info);
            if (cluster.HostRewriteLiteral is { } clusterHost)
            {
                headers.Host = clusterHost;
            }
        }

        VirtualHost virtualHost = route.VirtualHost;
        RouteTable table = virtualHost.RouteTable;
        if (table.MostSpecificHeaderMutationsWins)
        {
            table.RequestMutations.Apply(headers, http, info);
            virtualHost.RequestMutations.Apply(headers, http, info);
            route.RequestMutations.Apply(headers, http, info);
        }
        else
        {
            route.RequestMutations.Apply(headers, http, info);
            virtualHost.RequestMutations.Apply(headers, http, info);
            table.RequestMutations.Apply(headers, http, info);
        }

        if (route.Action is RouteAction action)
        {
            RewriteHost(headers, action, http);
        }
    }

    public static void ApplyResponseMutations(IHeaderDictionary headers, RouteEntry route, WeightedCluster? cluster, HttpContext http, StreamInfo info)
    {
        cluster?.ResponseMutations.Apply(headers, http, info);

        VirtualHost virtualHost = route.VirtualHost;
        RouteTable table = virtualHost.RouteTable;
        if (table.MostSpecificHeaderMutationsWins)
        {
            table.ResponseMutations.Apply(headers, http, info);
            virtualHost.ResponseMutations.Apply(headers, http, info);
            route.ResponseMutations.Apply(headers, http, info);
        }
        else
        {
            route.ResponseMutations.Apply(headers, http, info);
            virtualHost.ResponseMutations.Apply(headers, http, info);
            table.ResponseMutations.Apply(headers, http, info);
        }
    }

    /// <summary>RouteConfiguration.internal_only_headers: the HCM calls this for requests it deems external.</summary>
    public static void RemoveInternalOnlyHeaders(IHeaderDictionary headers, RouteTable table)
    {
        IReadOnlyList<string> names = table.InternalOnlyHeaders;
        for (int i = 0; i < names.Count; i++)
        {
            headers.Remove(names[i]);
        }
    }

    /// <summary>
    /// Sets Host to <paramref name="host"/>; with <paramref name="appendForwardedHost"/> the previous Host is first
    /// appended to x-forwarded-host unless it already is its last entry (Envoy's <c>updateAuthority</c>).
    /// </summary>
    public static void SetAuthority(IHeaderDictionary headers, string host, bool appendForwardedHost)
    {
        string previous = headers.Host.ToString();
        if (appendForwardedHost && previous.Length > 0)
        {
            string forwarded = headers["x-forwarded-host"].ToString();
            if (forwarded.Length == 0)
            {
                headers["x-forwarded-host"] = previous;
            }
            else
            {
                ReadOnlySpan<char> last = forwarded.AsSpan(forwarded.LastIndexOf(',') + 1);
                if (!last.SequenceEqual(previous))
                {
                    headers["x-forwarded-host"] = forwarded + "," + previous;
                }
            }
        }

        headers.Host = host;
    }

    private static void RewriteHost(IHeaderDictionary headers, RouteAction action, HttpContext http)
    {
        if (action.HostRewriteLiteral is { } literal)
        {
            SetAuthority(headers, literal, action.AppendXForwardedHost);
        }
        else if (action.HostRewriteHeader is { } headerName)
        {
            // Only the first value: the header is untrusted (RouteAction.host_rewrite_header doc); empty leaves Host.
            if (headers.TryGetValue(headerName, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]))
            {
                SetAuthority(headers, values[0]!, action.AppendXForwardedHost);
            }
        }
        else if (action.HostRewritePathRegex is { } regex)
        {
            string path = RequestView.From(http.Request).PathWithoutQuery.ToString();
            SetAuthority(headers, regex.Apply(path), action.AppendXForwardedHost);
        }
    }
}
