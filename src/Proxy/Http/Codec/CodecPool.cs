using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Logging;

namespace Proxy.Http.Codec;

/// <summary>
/// The Kestrel codec servers, one per distinct <see cref="CodecSettings"/>, created on first use and all
/// serving the same application. Stopping the pool is the HTTP part of the drain sequence.
/// </summary>
internal sealed class CodecPool<TContext> : IAsyncDisposable
    where TContext : notnull
{
    private readonly ConcurrentDictionary<CodecSettings, Lazy<CodecServer>> _servers = new();
    private readonly IHttpApplication<TContext> _application;
    private readonly ILoggerFactory _loggerFactory;

    public CodecPool(IHttpApplication<TContext> application, ILoggerFactory loggerFactory)
    {
        _application = application;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The server for these settings, started on first request (config time, not per connection).</summary>
    public CodecServer Get(CodecSettings settings) =>
        _servers.GetOrAdd(settings, static (s, pool) => new Lazy<CodecServer>(() => pool.Start(s)), this).Value;

    /// <summary>Graceful stop: in-flight requests finish, idle keep-alive connections close, HTTP/2 ones get GOAWAY.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stops = new List<Task>();
        foreach (var server in _servers.Values)
        {
            if (server.IsValueCreated)
            {
                stops.Add(server.Value.StopAsync(cancellationToken));
            }
        }

        await Task.WhenAll(stops).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            if (server.IsValueCreated)
            {
                await server.Value.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private CodecServer Start(CodecSettings settings)
    {
        var server = new CodecServer(settings, _loggerFactory);
        // Hand-off endpoints bind synchronously (no sockets); StartAsync completes at once.
        server.StartAsync(_application, CancellationToken.None).GetAwaiter().GetResult();
        return server;
    }
}
