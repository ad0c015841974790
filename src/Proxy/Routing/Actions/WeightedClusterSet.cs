namespace Proxy.Routing.Actions;

/// <summary>
/// RouteAction.weighted_clusters. A request picks the cluster whose interval
/// [sum of earlier weights, that + its weight) holds <c>random % TotalWeight</c>, as Envoy's
/// <c>pickWeightedCluster</c>; the random value comes from <see cref="RandomValueHeader"/> when that header holds
/// exactly one unsigned integer, else from the request's random value.
/// </summary>
public sealed class WeightedClusterSet
{
    public required WeightedCluster[] Clusters { get; init; }

    /// <summary>The sum of the weights, &gt; 0 and at most uint.MaxValue.</summary>
    public required ulong TotalWeight { get; init; }

    /// <summary>WeightedCluster.header_name.</summary>
    public string? RandomValueHeader { get; init; }

    /// <summary>Index of the cluster whose weight interval holds <paramref name="value"/> modulo the total.</summary>
    public int Pick(ulong value)
    {
        ulong selected = value % TotalWeight;
        ulong end = 0;
        for (int i = 0; i < Clusters.Length; i++)
        {
            end += Clusters[i].Weight;
            if (selected < end)
            {
                return i;
            }
        }

        return Clusters.Length - 1;
    }
}
