using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Proxy.Routing.Actions;
using Proxy.Routing.Matching;

namespace Proxy.Routing;

/// <summary>Resolves a forwarding route's cluster for one request, as Envoy's <c>RouteEntryImplBase::clusterEntry</c>.</summary>
public static class ClusterSelector
{
    /// <summary>
    /// The upstream cluster name, or null when there is none to use (cluster_header absent or empty, a
    /// non-forwarding route, an unimplemented optional cluster specifier plugin): the router then answers with
    /// <see cref="RouteAction.ClusterNotFoundResponseCode"/>. <paramref name="picked"/> is the weighted cluster
    /// entry chosen, whose header mutations and host rewrite apply to this request.
    /// </summary>
    public static string? SelectCluster(RouteEntry route, in RequestView request, ulong randomValue, out WeightedCluster? picked)
    {
        picked = null;
        if (route.Action is not RouteAction action)
        {
            return null;
        }

        if (action.Cluster is { } cluster)
        {
            return cluster;
        }

        if (action.ClusterHeader is { } clusterHeader)
        {
            return HeaderValues.TryGetFirst(request, clusterHeader, out string named) && named.Length > 0 ? named : null;
        }

        if (action.WeightedClusters is not { } weighted)
        {
            return null;
        }

        ulong value = randomValue;
        if (weighted.RandomValueHeader is { } header && TryReadRandomValue(request.Headers, header, out ulong fromHeader))
        {
            value = fromHeader;
        }

        WeightedCluster entry = weighted.Clusters[weighted.Pick(value)];
        picked = entry;

        // An entry naming its cluster by header uses that header when the request has it (Envoy's pickWeightedCluster).
        if (entry.ClusterHeader is { } entryHeader && HeaderValues.TryGetFirst(request, entryHeader, out string fromEntryHeader))
        {
            return fromEntryHeader.Length > 0 ? fromEntryHeader : null;
        }

        return entry.Name.Length > 0 ? entry.Name : null;
    }

    public static string? SelectCluster(RouteEntry route, HttpRequest request, ulong randomValue, out WeightedCluster? picked) =>
        SelectCluster(route, RequestView.From(request), randomValue, out picked);

    /// <summary>Draws the random value from the route's table (<see cref="RouteTable.NextRandomValue"/>).</summary>
    public static string? SelectCluster(RouteEntry route, HttpRequest request, out WeightedCluster? picked) =>
        SelectCluster(route, RequestView.From(request), route.VirtualHost.RouteTable.NextRandomValue(), out picked);

    // WeightedCluster.header_name: "expected to be single-valued"; a multi-valued or non-numeric header falls
    // back to the request's random value.
    private static bool TryReadRandomValue(IHeaderDictionary headers, string name, out ulong value)
    {
        value = 0;
        return headers.TryGetValue(name, out StringValues values) && values.Count == 1
            && ulong.TryParse(values[0], NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out value);
    }
}
