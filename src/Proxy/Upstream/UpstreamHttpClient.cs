using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Proxy.Upstream.Connections;

namespace Proxy.Upstream;

/// <summary>
/// The connection pool of one cluster for one HTTP version: a SocketsHttpHandler set up as a proxy needs
/// (no proxy, redirects, cookies, decompression or tracing headers of its own; DESIGN.md) whose connect
/// callback opens connections with the cluster's settings and counts them in the cluster's stats.
/// Requests address hosts by their own address, so the handler keeps one pool per host. It carries HTTP/2
/// requests and HTTP/1.1 upgrades (WebSocket); other HTTP/1.1 requests go through <see cref="Http1.Http1Client"/>.
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
            // Envoy's upstream idle_timeout defaults to 1 h (HttpProtocolConfig's default) and 0 means none, which
            // the translator makes null; max_connection_duration defaults to none.
            PooledConnectionIdleTimeout = http.IdleTimeout ?? Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = http.MaxConnectionDuration ?? Timeout.InfiniteTimeSpan,
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

    /// <summary>How long a pooled connection may stay idle; infinite when <c>idle_timeout</c> is 0.</summary>
    public TimeSpan PooledConnectionIdleTimeout => _handler.PooledConnectionIdleTimeout;

    /// <summary>How long a connection may live; infinite without <c>max_connection_duration</c>.</summary>
    public TimeSpan PooledConnectionLifetime => _handler.PooledConnectionLifetime;

    public void Dispose() => Invoker.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (!_cluster.TryResolveAuthority(context.DnsEndPoint.Host, context.DnsEndPoint.Port, out var host))
        {
            _cluster.Stats.UpstreamCxConnectFail.Inc();
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var socket = await _cluster.ConnectAsync(host, IsHttp2, cancellationToken).ConfigureAwait(false);
        return new CountedNetworkStream(socket, _cluster.Stats, host, _cluster.Time);
    }
}
