using Proxy.Filters.Stats;

namespace Proxy.Server;

/// <summary>
/// The process-wide state the admin API and the drain sequence share: server.state, server.live,
/// /healthcheck/fail, draining, and the request to shut down (SIGTERM, /quitquitquit).
/// </summary>
internal sealed class ServerLifecycle
{
    private readonly Gauge _state;
    private readonly Gauge _live;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly CancellationTokenSource _drain = new();
    private int _healthCheckFailed;

    public ServerLifecycle(IStatsScope root, TimeProvider time)
    {
        Time = time;
        StartTime = time.GetUtcNow();
        StartTimestamp = time.GetTimestamp();
        _state = root.Gauge("server.state", GaugeImportMode.NeverImport);
        _live = root.Gauge("server.live", GaugeImportMode.NeverImport);
        SetState(ServerState.PreInitializing);
    }

    public TimeProvider Time { get; }

    public DateTimeOffset StartTime { get; }

    public long StartTimestamp { get; }

    public ServerState State => (ServerState)_state.Value;

    public bool HealthCheckFailed => Volatile.Read(ref _healthCheckFailed) != 0;

    /// <summary>Fires when the drain sequence starts (graceful /drain_listeners, SIGTERM, /quitquitquit).</summary>
    public CancellationToken Draining => _drain.Token;

    /// <summary>Fires when the process should stop (after draining).</summary>
    public CancellationToken ShutdownRequested => _shutdown.Token;

    public void SetState(ServerState state)
    {
        _state.Set((long)state);
        _live.Set(state == ServerState.Live && !HealthCheckFailed ? 1 : 0);
    }

    /// <summary>/healthcheck/fail and /healthcheck/ok: server.live follows, as in Envoy.</summary>
    public void SetHealthCheckFailed(bool failed)
    {
        Volatile.Write(ref _healthCheckFailed, failed ? 1 : 0);
        _live.Set(State == ServerState.Live && !failed ? 1 : 0);
    }

    public void StartDraining()
    {
        if (!_drain.IsCancellationRequested)
        {
            SetState(ServerState.Draining);
            _drain.Cancel();
        }
    }

    public void RequestShutdown()
    {
        StartDraining();
        if (!_shutdown.IsCancellationRequested)
        {
            _shutdown.Cancel();
        }
    }
}
