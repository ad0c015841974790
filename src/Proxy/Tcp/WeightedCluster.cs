namespace Proxy.Tcp;

/// <summary>One entry of tcp_proxy weighted_clusters.</summary>
internal sealed record WeightedCluster(string Name, uint Weight);
