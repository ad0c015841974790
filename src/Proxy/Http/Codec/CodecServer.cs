using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Proxy.Http.Codec;

/// <summary>
/// One in-process Kestrel server used as an HTTP codec only: it binds no socket, it parses the connections
/// our listener layer hands it on an HTTP/1.1-only and an HTTP/2-only endpoint (Kestrel does h2c only on
/// HTTP/2-only endpoints) and calls the application for each request.
/// </summary>
internal sealed class CodecServer : IAsyncDisposable
{
    private readonly KestrelServer _server;
    private readonly HandoffListenerFactory _listeners = new();

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
        options.Listen(new HandoffEndPoint(HttpCodec.Http2), o => o.Protocols = HttpProtocols.Http2);
        _server = new KestrelServer(Options.Create(options), _listeners, loggerFactory);
    }

    public CodecSettings Settings { get; }

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => _server.StartAsync(application, cancellationToken);

    /// <summary>Gives an accepted, classified connection to Kestrel. False once the server stopped.</summary>
    public bool Dispatch(ConnectionContext connection, HttpCodec codec) =>
        _listeners.Get(codec)?.TryEnqueue(connection) ?? false;

    /// <summary>Stops taking connections and lets in-flight requests finish until the token fires.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
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

        limits.Http2.MaxStreamsPerConnection = settings.Http2MaxConcurrentStreams;
        limits.Http2.MaxRequestHeaderFieldSize = Math.Max(settings.MaxRequestHeadersTotalSize, 4096);
        if (settings.Http2InitialStreamWindowSize is { } stream)
        {
            limits.Http2.InitialStreamWindowSize = stream;
        }

        if (settings.Http2InitialConnectionWindowSize is { } connection)
        {
            limits.Http2.InitialConnectionWindowSize = connection;
        }

        if (settings.Http2KeepAliveInterval is { } interval)
        {
            limits.Http2.KeepAlivePingDelay = interval;
            limits.Http2.KeepAlivePingTimeout = settings.Http2KeepAliveTimeout ?? TimeSpan.FromSeconds(20);
        }
    }
}
