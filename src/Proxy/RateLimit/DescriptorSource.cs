using System.Net;
using Proxy.Routing;

namespace Proxy.RateLimit;

/// <summary>What rate limit actions read: the request, the client address (after x-forwarded-for), the route's cluster and the local service cluster.</summary>
internal readonly struct DescriptorSource
{
    public DescriptorSource(RequestView request, IPAddress? remote, string? destinationCluster, string localCluster)
    {
        Request = request;
        Remote = remote;
        DestinationCluster = destinationCluster;
        LocalCluster = localCluster;
    }

    public RequestView Request { get; }

    public IPAddress? Remote { get; }

    public string? DestinationCluster { get; }

    public string LocalCluster { get; }
}
