using System.Collections.Concurrent;
using Proxy.Upstream;
using Proxy.Xds.Grpc;

namespace Proxy.Server;

/// <summary>
/// gRPC channels to clusters by name, for the gRPC access log service: the channel connects to a host the
/// cluster's load balancer picks (so static, DNS and EDS clusters all work); one channel per cluster and host
/// address, kept while the host is.
/// </summary>
internal sealed class ClusterGrpcChannels : IDisposable
{
    private readonly ClusterManager _clusters;
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    public ClusterGrpcChannels(ClusterManager clusters)
    {
        _clusters = clusters;
    }

    public GrpcChannel? Get(string cluster)
    {
        if (_clusters.Get(cluster) is not { } runtime || runtime.ChooseHost(null) is not { } host)
        {
            return null;
        }

        return _channels.GetOrAdd(cluster + "|" + host.AddressString, static (_, state) => new GrpcChannel(new GrpcChannelOptions
        {
            Target = state.EndPoint,
            Authority = state.Cluster,
            ConnectTimeout = state.Timeout,
        }), (EndPoint: host.Address, Cluster: cluster, Timeout: runtime.Config.ConnectTimeout));
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
