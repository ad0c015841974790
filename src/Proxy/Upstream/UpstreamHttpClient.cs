using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Proxy.Upstream.Connections;

namespace Proxy.Upstream;

/// <summary>
/// The connection pool of one cluster for one HTTP version: a SocketsHttpHandler set up as a proxy needs
/// (no proxy, redirects, cookies, decompression or tracing headers of its own; DESIGN.md) whose connect
/// callback opens connections with the cluster's settings and counts them in the cluster's stats.
/// Requests address hosts by their own address, so the handler keeps one pool per host.
/// </summary>
internal sealed class UpstreamHttpClient : IDisposable
{
    private readonly ClusterRuntime _cluster;
    private readonly SocketsHttpHandler _handler;

    public UpstreamHttpClient(ClusterRuntime cluster, bool http2)
    {
        _cluster = cluster;
        IsHttp2 = http2;
        var config = cluster.Config;
        var http = config.Http;
        _handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
            ConnectTimeout = config.ConnectTimeout,
            // Envoy's upstream idle_timeout defaults to 1 h; max_connection_duration to none.
            PooledConnectionIdleTimeout = http.IdleTimeout is { } idle && idle > TimeSpan.Zero ? idle : TimeSpan.FromHours(1),
            PooledConnectionLifetime = http.MaxConnectionDuration is { } life && life > TimeSpan.Zero ? life : Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = (int)Math.Clamp(config.CircuitBreakers.DefaultPriority.MaxConnections, 1u, int.MaxValue),
            EnableMultipleHttp2Connections = true,
            MaxResponseHeadersLength = 96,
            ConnectCallback = ConnectAsync,
        };

        if (http2 && http.Http2.KeepaliveInterval is { } ping && ping > TimeSpan.Zero)
        {
            _handler.KeepAlivePingDelay = ping;
            _handler.KeepAlivePingTimeout = http.Http2.KeepaliveTimeout ?? TimeSpan.FromSeconds(20);
            _handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        }

        Invoker = new HttpMessageInvoker(_handler, disposeHandler: true);
    }

    public bool IsHttp2 { get; }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var stats = _cluster.Stats;
        if (!_cluster.TryResolveAuthority(context.DnsEndPoint.Host, context.DnsEndPoint.Port, out var endPoint, out var host))
        {
            stats.UpstreamCxConnectFail.Inc();
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var started = _cluster.Time.GetTimestamp();
        try
        {
            var socket = await UpstreamConnector.ConnectAsync(endPoint, _cluster.Connect, cancellationToken).ConfigureAwait(false);
            stats.UpstreamCxConnectMs.Record(_cluster.Time.GetElapsedTime(started).TotalMilliseconds);
            if (IsHttp2)
            {
                stats.UpstreamCxHttp2Total.Inc();
            }
            else
            {
                stats.UpstreamCxHttp1Total.Inc();
            }

            return new CountedNetworkStream(socket, stats, host, _cluster.Time);
        }
        catch (SocketException e)
        {
            stats.UpstreamCxConnectFail.Inc();
            host.Stats.IncCxConnectFail();
            if (e.SocketErrorCode == SocketError.TimedOut)
            {
                stats.UpstreamCxConnectTimeout.Inc();
            }

            throw;
        }
    }
}
