using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Proxy.Filters.AccessLog;
using Proxy.Filters.StreamInfo;
using Proxy.Listeners;
using Proxy.Upstream;
using Proxy.Upstream.Connections;

namespace Proxy.Tcp;

/// <summary>
/// envoy.filters.network.tcp_proxy at run time: per connection it picks the cluster (weighted), a host
/// (up to max_connect_attempts hosts when connects fail), connects and relays bytes both ways until
/// both sides closed or idle_timeout passed; then it writes the access logs.
/// </summary>
internal sealed class TcpProxyHandler : IConnectionHandler
{
    private readonly TcpProxyConfig _config;
    private readonly TcpProxyStats _stats;
    private readonly ClusterManager _clusters;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly CancellationToken _shutdown;
    private readonly ILogger _logger;

    public TcpProxyHandler(TcpProxyConfig config, TcpProxyStats stats, ClusterManager clusters, TimeProvider time, Random random, CancellationToken shutdown, ILoggerFactory loggers)
    {
        _config = config;
        _stats = stats;
        _clusters = clusters;
        _time = time;
        _random = random;
        _shutdown = shutdown;
        _logger = loggers.CreateLogger("Proxy.Tcp.TcpProxy");
    }

    public async ValueTask HandleAsync(ConnectionContext connection, DownstreamConnection downstream)
    {
        var info = new Proxy.Filters.StreamInfo.StreamInfo
        {
            StartTime = downstream.StartTime,
            StartTimestamp = downstream.StartTimestamp,
            ConnectionId = downstream.Id,
            DownstreamLocalAddress = downstream.Info.LocalEndPoint,
            DownstreamLocalAddressRestored = downstream.Info.LocalAddressRestored,
            DownstreamRemoteAddress = downstream.Info.RemoteEndPoint,
            DownstreamDirectRemoteAddress = downstream.Info.DirectRemoteEndPoint,
            RequestedServerName = downstream.Info.ServerName,
            ListenerName = downstream.Listener.Name,
            FilterChainName = downstream.FilterChain?.Name,
        };
        _stats.DownstreamCxTotal.Inc();
        try
        {
            await RunAsync(connection, info).ConfigureAwait(false);
        }
        finally
        {
            info.CompletedTimestamp = _time.GetTimestamp();
            await connection.DisposeAsync().ConfigureAwait(false);
            foreach (var log in _config.AccessLogs)
            {
                log.Log(info, null, AccessLogType.TcpConnectionEnd);
            }
        }
    }

    private async Task RunAsync(ConnectionContext connection, Proxy.Filters.StreamInfo.StreamInfo info)
    {
        var clusterName = _config.PickCluster((ulong)_random.NextInt64());
        info.UpstreamClusterName = clusterName;
        var cluster = _clusters.Get(clusterName);
        if (cluster is null)
        {
            _stats.DownstreamCxNoRoute.Inc();
            info.SetResponseFlag(ResponseFlags.NoClusterFound);
            return;
        }

        Socket? upstream = null;
        for (var attempt = 1; attempt <= _config.MaxConnectAttempts && upstream is null; attempt++)
        {
            var host = cluster.OriginalDst is { } originalDst
                ? originalDst.Pick(info.RestoredLocalAddress, null)
                : cluster.ChooseHost(null);
            if (host is null)
            {
                cluster.Stats.UpstreamCxNoneHealthy.Inc();
                info.SetResponseFlag(ResponseFlags.NoHealthyUpstream);
                return;
            }

            info.UpstreamHost = host.AddressString;
            info.AttemptCount = attempt;
            try
            {
                // Not connection.ConnectionClosed: the socket transport fires it on the client's FIN, and a
                // client may half-close before the upstream is reached (Envoy then connects and passes the
                // end of stream on). connect_timeout bounds the attempt; shutdown ends it.
                upstream = await UpstreamConnector.ConnectAsync(host.Address, cluster.Connect, _shutdown).ConfigureAwait(false);
                cluster.Stats.UpstreamCxTotal.Inc();
                host.Stats.IncCxTotal();
            }
            catch (SocketException e)
            {
                cluster.Stats.UpstreamCxConnectFail.Inc();
                host.Stats.IncCxConnectFail();
                if (e.SocketErrorCode == SocketError.TimedOut)
                {
                    cluster.Stats.UpstreamCxConnectTimeout.Inc();
                }

                info.UpstreamTransportFailureReason = e.Message;
            }
            catch (OperationCanceledException)
            {
                info.SetResponseFlag(ResponseFlags.DownstreamConnectionTermination);
                return;
            }
        }

        if (upstream is null)
        {
            info.SetResponseFlag(ResponseFlags.UpstreamConnectionFailure);
            return;
        }

        cluster.Stats.UpstreamCxActive.Inc();
        info.UpstreamLocalAddress = upstream.LocalEndPoint;
        using (upstream)
        {
            using var lifetime = _config.MaxDownstreamConnectionDuration > TimeSpan.Zero
                ? new CancellationTokenSource(_config.MaxDownstreamConnectionDuration, _time)
                : new CancellationTokenSource();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token, _shutdown);
            var relay = new TcpRelay(connection.Transport, upstream, _config.IdleTimeout, _time);
            await relay.RunAsync(stop.Token).ConfigureAwait(false);
            info.BytesReceived = (ulong)relay.BytesFromDownstream;
            info.BytesSent = (ulong)relay.BytesFromUpstream;
            _stats.DownstreamCxRxBytesTotal.Add(info.BytesReceived);
            _stats.DownstreamCxTxBytesTotal.Add(info.BytesSent);
            cluster.Stats.UpstreamCxTxBytesTotal.Add(info.BytesReceived);
            cluster.Stats.UpstreamCxRxBytesTotal.Add(info.BytesSent);
            if (relay.TimedOut)
            {
                _stats.IdleTimeout.Inc();
            }

            if (lifetime.IsCancellationRequested)
            {
                _stats.MaxDownstreamConnectionDurationReached.Inc();
            }
        }

        cluster.Stats.UpstreamCxActive.Dec();
        cluster.Stats.UpstreamCxDestroy.Inc();
    }
}
