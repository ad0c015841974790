using Proxy.Upstream.Connections;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.Http1;

/// <summary>
/// The HTTP/1.1 connections of one cluster to one host: idle ones (most recently used first), and at most the
/// cluster's max_connections in all. A request that finds none idle opens one; at the limit it waits for one
/// to come back (Envoy's pending request). Returned connections are checked against max_requests_per_connection
/// and max_connection_duration; idle ones are closed after the cluster's idle_timeout by <see cref="Sweep"/>.
/// </summary>
internal sealed class Http1HostPool
{
    private readonly Lock _gate = new();
    private readonly Stack<Http1Connection> _idle = new();
    private readonly Queue<TaskCompletionSource<Http1Connection?>> _waiters = new();
    private readonly ClusterRuntime _cluster;
    private readonly Host _host;
    private readonly int _maxConnections;
    private int _count;
    private bool _retired;

    public Http1HostPool(ClusterRuntime cluster, Host host)
    {
        _cluster = cluster;
        _host = host;
        _maxConnections = (int)Math.Clamp(cluster.Config.CircuitBreakers.DefaultPriority.MaxConnections, 1u, int.MaxValue);
    }

    /// <summary>
    /// An idle connection, or a new one. Null when the pool was retired meanwhile: ask the client for the host's
    /// current pool.
    /// </summary>
    /// <param name="fresh">True to skip idle connections (a retry after a stale one).</param>
    public async ValueTask<Http1Connection?> AcquireAsync(bool fresh, CancellationToken cancellationToken)
    {
        TaskCompletionSource<Http1Connection?>? waiter = null;
        while (true)
        {
            Http1Connection? idle = null;
            lock (_gate)
            {
                if (_retired)
                {
                    return null;
                }

                if (fresh || !_idle.TryPop(out idle))
                {
                    if (_count < _maxConnections)
                    {
                        _count++;
                    }
                    else
                    {
                        waiter = new TaskCompletionSource<Http1Connection?>(TaskCreationOptions.RunContinuationsAsynchronously);
                        _waiters.Enqueue(waiter);
                    }
                }
            }

            if (idle is null)
            {
                break;
            }

            // Checked outside the lock: it is a system call, and the other socket threads take this lock too.
            if (idle.IsUsableWhenIdle())
            {
                return idle;
            }

            idle.Close();
            ReleaseSlot();
        }

        var stats = _cluster.Stats;
        stats.UpstreamRqPendingTotal.Inc();
        stats.UpstreamRqPendingActive.Inc();
        try
        {
            if (waiter is not null)
            {
                Http1Connection? handed;
                using (cancellationToken.UnsafeRegister(static w => ((TaskCompletionSource<Http1Connection?>)w!).TrySetCanceled(), waiter))
                {
                    handed = await waiter.Task.ConfigureAwait(false);
                }

                if (handed is not null)
                {
                    return handed;
                }

                // A slot was handed over instead of a connection: open one in it.
            }

            try
            {
                var socket = await _cluster.ConnectAsync(_host, http2: false, cancellationToken).ConfigureAwait(false);
                return new Http1Connection(socket, new ConnectionLifetime(stats, _host, _cluster.Time));
            }
            catch
            {
                ReleaseSlot();
                throw;
            }
        }
        finally
        {
            stats.UpstreamRqPendingActive.Dec();
        }
    }

    /// <summary>Takes a connection back after an exchange: kept for the next request, or closed.</summary>
    public void Release(Http1Connection connection, bool reusable)
    {
        if (reusable && !Expired(connection))
        {
            connection.IdleSince = _cluster.Time.GetTimestamp();
            lock (_gate)
            {
                if (!_retired)
                {
                    while (_waiters.TryDequeue(out var waiter))
                    {
                        if (waiter.TrySetResult(connection))
                        {
                            return;
                        }
                    }

                    _idle.Push(connection);
                    return;
                }
            }
        }

        connection.Close();
        ReleaseSlot();
    }

    /// <summary>
    /// Closes idle connections that were idle for <paramref name="idleTimeout"/> or longer, or that reached the
    /// cluster's max_connection_duration.
    /// </summary>
    /// <returns>True when the pool is empty and now retired: the client forgets it.</returns>
    public bool Sweep(TimeSpan? idleTimeout)
    {
        List<Http1Connection>? idled = null;
        List<Http1Connection>? aged = null;
        var maxDuration = _cluster.Config.Http.MaxConnectionDuration;
        lock (_gate)
        {
            if (_idle.Count > 0 && (idleTimeout is not null || maxDuration is not null))
            {
                var kept = _idle.ToArray();
                _idle.Clear();
                for (var i = kept.Length - 1; i >= 0; i--)
                {
                    if (_cluster.Time.GetElapsedTime(kept[i].IdleSince) >= idleTimeout)
                    {
                        (idled ??= []).Add(kept[i]);
                        _count--;
                    }
                    else if (_cluster.Time.GetElapsedTime(kept[i].OpenedAt) >= maxDuration)
                    {
                        (aged ??= []).Add(kept[i]);
                        _count--;
                    }
                    else
                    {
                        _idle.Push(kept[i]);
                    }
                }
            }

            if (_count == 0 && _waiters.Count == 0)
            {
                _retired = true;
            }
        }

        if (idled is not null)
        {
            _cluster.Stats.UpstreamCxIdleTimeout.Add((ulong)idled.Count);
            CloseAll(idled);
        }

        if (aged is not null)
        {
            _cluster.Stats.UpstreamCxMaxDurationReached.Add((ulong)aged.Count);
            CloseAll(aged);
        }

        return _retired;
    }

    /// <summary>Closes the idle connections; busy ones close when they come back.</summary>
    public void Retire()
    {
        Http1Connection[] idle;
        lock (_gate)
        {
            _retired = true;
            idle = _idle.ToArray();
            _count -= idle.Length;
            _idle.Clear();
        }

        CloseAll(idle);
    }

    private static void CloseAll(IEnumerable<Http1Connection>? connections)
    {
        if (connections is null)
        {
            return;
        }

        foreach (var connection in connections)
        {
            connection.Close();
        }
    }

    private bool Expired(Http1Connection connection)
    {
        var http = _cluster.Config.Http;
        if (http.MaxRequestsPerConnection is { } max && max > 0 && connection.Requests >= max)
        {
            _cluster.Stats.UpstreamCxMaxRequests.Inc();
            return true;
        }

        if (http.MaxConnectionDuration is { } duration && _cluster.Time.GetElapsedTime(connection.OpenedAt) >= duration)
        {
            _cluster.Stats.UpstreamCxMaxDurationReached.Inc();
            return true;
        }

        return false;
    }

    /// <summary>A connection slot is free: hand it to a waiting request, else count it gone.</summary>
    private void ReleaseSlot()
    {
        lock (_gate)
        {
            while (_waiters.TryDequeue(out var waiter))
            {
                if (waiter.TrySetResult(null))
                {
                    return;
                }
            }

            _count--;
        }
    }
}
