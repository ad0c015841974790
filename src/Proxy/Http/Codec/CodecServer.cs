using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Proxy.Http.Codec.Http2;
using Proxy.Listeners;

namespace Proxy.Http.Codec;

/// <summary>
/// The HTTP codecs of the connection managers that share these settings. HTTP/1.1 is one in-process Kestrel
/// server used as a codec only: it binds no socket, it parses the connections our listener layer hands it on
/// an HTTP/1.1-only endpoint and calls the application for each request. HTTP/2 is the proxy's own server
/// (<see cref="Http2ServerConnection"/>), which runs each connection's frames and requests on the socket's
/// thread; this class keeps its connections for the drain.
/// </summary>
internal sealed class CodecServer : IAsyncDisposable
{
    private readonly KestrelServer _server;
    private readonly HandoffListenerFactory _listeners = new();
    private readonly ConcurrentDictionary<Http2ServerConnection, byte> _http2 = new(ReferenceEqualityComparer.Instance);
    private volatile bool _stopping;

    public CodecServer(CodecSettings settings, ILoggerFactory loggerFactory)
    {
        Settings = settings;
        var options = new KestrelServerOptions
        {
            AddServerHeader = false,
            AllowSynchronousIO = false,
            ApplicationServices = new ServiceCollection().BuildServiceProvider(),
        };
        Configure(options.Limits, settings);
        options.Listen(new HandoffEndPoint(HttpCodec.Http1), o => o.Protocols = HttpProtocols.Http1);
        _server = new KestrelServer(Options.Create(options), _listeners, loggerFactory);
    }

    public CodecSettings Settings { get; }

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => _server.StartAsync(application, cancellationToken);

    /// <summary>Gives an accepted, classified connection to Kestrel. False once the server stopped.</summary>
    public bool Dispatch(ConnectionContext connection, HttpCodec codec) =>
        _listeners.Get(codec)?.TryEnqueue(connection) ?? false;

    /// <summary>Serves an HTTP/2 connection with the own server until it closes. Once the server stops, the connection is closed.</summary>
    public async Task ServeHttp2Async(ConnectionContext connection, DownstreamConnection downstream, IHttpRequestHandler handler, TimeProvider time)
    {
        if (_stopping)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        var http2 = new Http2ServerConnection(connection, downstream, handler, Settings, time);
        _http2.TryAdd(http2, 0);
        if (_stopping)
        {
            // The stop began between the check above and the registration: it may not have seen this one.
            http2.RequestClose();
        }

        try
        {
            await http2.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _http2.TryRemove(http2, out _);
        }
    }

    /// <summary>
    /// Stops taking connections and lets in-flight requests finish until the token fires: Kestrel's HTTP/1.1
    /// connections get Connection: close, HTTP/2 ones GOAWAY; whatever is open when the token fires is cut.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var kestrel = _server.StopAsync(cancellationToken);
        foreach (var connection in _http2.Keys)
        {
            connection.RequestClose();
        }

        try
        {
            while (!_http2.IsEmpty)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            foreach (var connection in _http2.Keys)
            {
                connection.Abort();
            }
        }

        await kestrel.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        _server.Dispose();
    }

    private static void Configure(KestrelServerLimits limits, CodecSettings settings)
    {
        limits.MaxRequestHeadersTotalSize = settings.MaxRequestHeadersTotalSize;
        limits.MaxRequestLineSize = settings.MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = settings.MaxRequestHeaderCount;
        limits.KeepAliveTimeout = settings.IdleTimeout;
        limits.RequestHeadersTimeout = settings.RequestHeadersTimeout;

        // A proxy streams bodies of any size at any pace: Envoy has no body size limit or minimum data
        // rate on the downstream side, only buffer limits and idle timers.
        limits.MaxRequestBodySize = null;
        limits.MinRequestBodyDataRate = null;
        limits.MinResponseDataRate = null;
        limits.MaxConcurrentConnections = null;
        limits.MaxConcurrentUpgradedConnections = null;
        limits.MaxRequestBufferSize = settings.BufferLimit;
        limits.MaxResponseBufferSize = settings.BufferLimit;
    }
}
