using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Proxy.Filters.Stats;
using Proxy.Listeners.Config;

namespace Proxy.Listeners;

/// <summary>
/// The running listeners by name, static and from LDS, and Envoy's listener_manager stats. An added listener
/// takes connections at once; an updated one takes over the previous version's sockets when its addresses
/// are the same (else binds its own first, so a bind error leaves the old version serving) and the previous
/// version drains the connections it accepted over the drain time; a removed one stops accepting and drains.
/// Called from the config thread (startup, the xDS client's receive loop); the data path reads only
/// <see cref="ListenerDirectory"/>.
/// </summary>
internal sealed class ListenerManager : IAsyncDisposable
{
    private readonly Func<ListenerConfig, ListenerStats> _stats;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeSpan _drainTime;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ActiveListener> _active = new(StringComparer.Ordinal);
    private readonly HashSet<string> _static = new(StringComparer.Ordinal);
    private readonly List<Task> _draining = [];
    private int _drainingCount;

    public ListenerManager(IStatsScope stats, Func<ListenerConfig, ListenerStats> listenerStats, TimeSpan drainTime, TimeProvider time, ILoggerFactory loggers)
    {
        _stats = listenerStats;
        _drainTime = drainTime;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Proxy.Listeners.ListenerManager");
        TotalActive = stats.Gauge("listener_manager.total_listeners_active");
        TotalWarming = stats.Gauge("listener_manager.total_listeners_warming");
        TotalDraining = stats.Gauge("listener_manager.total_listeners_draining");
        Added = stats.Counter("listener_manager.listener_added");
        Modified = stats.Counter("listener_manager.listener_modified");
        Removed = stats.Counter("listener_manager.listener_removed");
        CreateSuccess = stats.Counter("listener_manager.listener_create_success");
        CreateFailure = stats.Counter("listener_manager.listener_create_failure");
        InPlaceUpdated = stats.Counter("listener_manager.listener_in_place_updated");
    }

    public ListenerDirectory Directory { get; } = new();

    public Gauge TotalActive { get; }

    /// <summary>Set by the LDS watcher, which holds listeners until their routes and secrets arrive.</summary>
    public Gauge TotalWarming { get; }

    public Gauge TotalDraining { get; }

    public Counter Added { get; }

    public Counter Modified { get; }

    public Counter Removed { get; }

    public Counter CreateSuccess { get; }

    public Counter CreateFailure { get; }

    public Counter InPlaceUpdated { get; }

    /// <summary>The running listeners (admin included), in the order they were added.</summary>
    public IReadOnlyList<ActiveListener> Active
    {
        get
        {
            lock (_gate)
            {
                return [.. _active.Values];
            }
        }
    }

    public ActiveListener? Get(string name)
    {
        lock (_gate)
        {
            return _active.GetValueOrDefault(name);
        }
    }

    public bool IsStatic(string name)
    {
        lock (_gate)
        {
            return _static.Contains(name);
        }
    }

    /// <summary>A listener of the bootstrap (or the admin listener): never replaced or removed by LDS.</summary>
    public ActiveListener AddStatic(ListenerConfig config, Func<FilterChainConfig, IConnectionHandler> handlers, bool start)
    {
        lock (_gate)
        {
            var listener = Create(config, handlers);
            _active[config.Name] = listener;
            _static.Add(config.Name);
            if (start)
            {
                listener.Start();
            }

            if (config.Name != "admin")
            {
                Added.Inc();
                CreateSuccess.Inc();
            }

            Publish();
            return listener;
        }
    }

    /// <summary>Starts every listener added with start: false (the bootstrap's, once all of them translated).</summary>
    public void StartAll()
    {
        lock (_gate)
        {
            foreach (var listener in _active.Values)
            {
                if (listener.BoundEndPoint is null)
                {
                    listener.Start();
                }
            }
        }
    }

    /// <summary>
    /// Adds or replaces a dynamic listener. Throws ConfigException when its sockets cannot be bound (the old
    /// version, if any, keeps serving), naming the listener and the address.
    /// </summary>
    public void AddOrUpdate(ListenerConfig config, Func<FilterChainConfig, IConnectionHandler> handlers)
    {
        lock (_gate)
        {
            _active.TryGetValue(config.Name, out var old);
            var next = Create(config, handlers);
            try
            {
                if (old is not null && old.CanHandSocketsTo(config))
                {
                    next.Start(old.ReleaseSockets());
                    InPlaceUpdated.Inc();
                }
                else
                {
                    next.Start();
                }
            }
            catch (System.Net.Sockets.SocketException e)
            {
                CreateFailure.Inc();
                _ = next.DisposeAsync();
                throw new Proxy.Filters.Extensions.ConfigException($"listener '{config.Name}': address: cannot bind '{config.Address}': {e.Message}");
            }

            _active[config.Name] = next;
            CreateSuccess.Inc();
            if (old is null)
            {
                Added.Inc();
            }
            else
            {
                Modified.Inc();
                Retire(old);
            }

            Publish();
        }
    }

    public bool Remove(string name)
    {
        lock (_gate)
        {
            if (_static.Contains(name) || !_active.Remove(name, out var old))
            {
                return false;
            }

            Removed.Inc();
            Retire(old);
            Publish();
            return true;
        }
    }

    /// <summary>Waits for the listeners being drained after an update or removal (tests, shutdown).</summary>
    public Task WhenDrainedAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_draining);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in Active)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ActiveListener Create(ListenerConfig config, Func<FilterChainConfig, IConnectionHandler> handlers)
    {
        return new ActiveListener(config, handlers, _stats(config), DownstreamSocketOptions(), _time, _loggers, Directory);
    }

    /// <summary>
    /// How accepted sockets are read and written. Requests run on the socket thread that read them (DESIGN.md).
    /// Each read goes straight into a pool block, not after a zero-byte read: one system call less per request
    /// (about +8 % maximum rate in bench/run http1), for a 4 KiB block held by each idle downstream connection.
    /// </summary>
    internal static SocketConnectionFactoryOptions DownstreamSocketOptions() =>
        new() { UnsafePreferInlineScheduling = true, WaitForDataBeforeAllocatingBuffer = false };

    private void Retire(ActiveListener old)
    {
        Interlocked.Increment(ref _drainingCount);
        TotalDraining.Set(Volatile.Read(ref _drainingCount));
        ListenerLog.Draining(_logger, old.Config.Name, _drainTime.TotalSeconds);
        _draining.RemoveAll(static t => t.IsCompleted);
        _draining.Add(DrainAsync(old));
    }

    private async Task DrainAsync(ActiveListener old)
    {
        try
        {
            await old.StopAcceptingAsync().ConfigureAwait(false);
            await old.DrainConnectionsAsync(_drainTime).ConfigureAwait(false);
            await old.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            TotalDraining.Set(Interlocked.Decrement(ref _drainingCount));
        }
    }

    private void Publish()
    {
        var count = 0;
        var data = new List<ActiveListener>(_active.Count);
        foreach (var listener in _active.Values)
        {
            if (listener.Config.Name != "admin")
            {
                data.Add(listener);
                count++;
            }
        }

        Directory.Publish(data);
        TotalActive.Set(count);
    }
}
