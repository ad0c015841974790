namespace Proxy.RateLimit.Actions;

/// <summary><c>destination_cluster</c> ("destination_cluster", the route's cluster) and <c>source_cluster</c> ("source_cluster", --service-cluster).</summary>
internal sealed class ClusterAction(bool destination) : IDescriptorAction
{
    public bool TryAppend(in DescriptorSource source, List<DescriptorEntry> entries)
    {
        if (!destination)
        {
            entries.Add(new DescriptorEntry("source_cluster", source.LocalCluster));
            return true;
        }

        if (source.DestinationCluster is not { } cluster)
        {
            return false;
        }

        entries.Add(new DescriptorEntry("destination_cluster", cluster));
        return true;
    }
}
