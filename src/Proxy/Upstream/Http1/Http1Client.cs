using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.Http1;

/// <summary>
/// A cluster's HTTP/1.1 client: one <see cref="Http1HostPool"/> per host, and the exchange of one request on a
/// connection from it. Used for every HTTP/1.1 upstream request except upgrades (WebSocket), which stay on
/// SocketsHttpHandler: this path writes the request head straight from the downstream headers and parses the
/// response into a list the router copies once, where SocketsHttpHandler's request and response messages cost
/// about a third of the proxy's user CPU (bench/README.md).
/// A request that fails on a reused connection before any response byte came back, and that has no body, is sent
/// once more on a new connection: the upstream closed the idle connection as the request went out.
/// </summary>
internal sealed class Http1Client : IDisposable
{
    private readonly ClusterRuntime _cluster;
    private readonly ConcurrentDictionary<Host, Http1HostPool> _pools = new(ReferenceEqualityComparer.Instance);
    private readonly ITimer? _sweeper;
    private readonly Http1ParseLimits _limits;
    private int _disposed;

    public Http1Client(ClusterRuntime cluster)
    {
        _cluster = cluster;
        var http = cluster.Config.Http;
        _limits = new Http1ParseLimits(Http1ParseLimits.DefaultMaxHeaderBytes, (int)http.MaxHeadersCount, http.Http1.AllowChunkedLength);
        // Half the shorter of idle_timeout and max_connection_duration (null when off; the translator makes 0
        // null), between 50 ms and 30 s.
        var shortest = Math.Min(http.IdleTimeout?.TotalMilliseconds ?? double.MaxValue, http.MaxConnectionDuration?.TotalMilliseconds ?? double.MaxValue);
        var period = TimeSpan.FromMilliseconds(Math.Clamp(shortest / 2, 50, 30_000));
        _sweeper = cluster.Time.CreateTimer(static s => ((Http1Client)s!).Sweep(), this, period, period);
    }

    /// <summary>Sends <paramref name="request"/> to <paramref name="host"/> and reads the response head.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> ended the exchange.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The connection could not be opened.</exception>
    /// <exception cref="HttpRequestException">The upstream closed the connection or answered with a malformed response.</exception>
    /// <remarks>Its state machine comes from a pool: it waits on every request (bench/README.md, "Allocation per request").</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Http1Response> SendAsync(Host host, Http1Request request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Rendered before a connection is taken: a head that cannot be written costs no connection.
            var head = request.RenderHead(out var headLength);
            Http1HostPool pool;
            Http1Connection connection;
            try
            {
                (pool, connection) = await AcquireAsync(host, fresh: attempt > 0, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(head);
                throw;
            }

            var reused = connection.Requests > 0;
            connection.BeginRequest();
            var abort = cancellationToken.UnsafeRegister(static c => ((Http1Connection)c!).Abort(), connection);
            Task? body = null;
            try
            {
                try
                {
                    await connection.WriteAsync(head.AsMemory(0, headLength)).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(head);
                }

                if (request.Body is not null)
                {
                    body = connection.SendBodyAsync(request.Body, request.Chunked);
                }

                var response = await connection.ReadHeadAsync(_limits, request.IsHead).ConfigureAwait(false);
                return new Http1Response(pool, connection, response, new Http1ResponseBody(connection, response, _limits.MaxHeaders), body, abort);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested && reused && attempt == 0
                                   && request.Body is null && !connection.ResponseStarted)
            {
                abort.Dispose();
                pool.Release(connection, reusable: false);
            }
            catch (Exception)
            {
                abort.Dispose();
                connection.Abort();
                Observe(body);
                pool.Release(connection, reusable: false);
                cancellationToken.ThrowIfCancellationRequested();
                throw;
            }
        }
    }

    /// <summary>
    /// Drains the pools of hosts that left the cluster (an EDS or DNS update, an ORIGINAL_DST cleanup), as Envoy
    /// does: idle connections close now, busy ones when their exchange ends.
    /// </summary>
    public void ForgetRemovedHosts(PrioritySet hosts)
    {
        foreach (var (host, pool) in _pools)
        {
            if (!ReferenceEquals(hosts.FindHost(host.AddressString), host))
            {
                pool.Retire();
                _pools.TryRemove(new KeyValuePair<Host, Http1HostPool>(host, pool));
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _sweeper?.Dispose();
        foreach (var pool in _pools.Values)
        {
            pool.Retire();
        }
    }

    /// <summary>Marks a background task's failure as seen (it was already answered through the exchange).</summary>
    internal static void Observe(Task? task)
    {
        task?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async ValueTask<(Http1HostPool Pool, Http1Connection Connection)> AcquireAsync(Host host, bool fresh, CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var pool = _pools.GetOrAdd(host, static (h, cluster) => new Http1HostPool(cluster, h), _cluster);
            var connection = await pool.AcquireAsync(fresh, cancellationToken).ConfigureAwait(false);
            if (connection is not null)
            {
                return (pool, connection);
            }

            // That pool was retired as it was looked up; the next lookup makes a new one.
            _pools.TryRemove(new KeyValuePair<Host, Http1HostPool>(host, pool));
        }
    }

    private void Sweep()
    {
        // Envoy's upstream idle_timeout: 1 h unless configured; 0 (null here) turns it off.
        var idle = _cluster.Config.Http.IdleTimeout;
        foreach (var (host, pool) in _pools)
        {
            if (pool.Sweep(idle))
            {
                _pools.TryRemove(new KeyValuePair<Host, Http1HostPool>(host, pool));
            }
        }
    }
}
