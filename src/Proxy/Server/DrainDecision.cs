using Proxy.Cli;
using Proxy.Listeners;
using Proxy.Listeners.Config;

namespace Proxy.Server;

/// <summary>
/// Envoy's server drain manager as the HTTP connection managers consult it (<c>DrainDecision::drainClose</c>):
/// once a drain started (graceful /drain_listeners, SIGTERM, /quitquitquit), for all listeners or the inbound
/// ones only, whether a response should also close its connection: HTTP/1.1 answers <c>Connection: close</c>,
/// HTTP/2 sends GOAWAY. With --drain-strategy immediate every response does; with gradual (the default) a
/// response does with probability elapsed ÷ drain time. While /healthcheck/fail is set every response does, as
/// in Envoy for listeners of the DEFAULT drain_type (this proxy treats every listener as DEFAULT; MODIFY_ONLY is
/// not read).
/// </summary>
internal sealed class DrainDecision : IDrainDecision
{
    private readonly ServerLifecycle _lifecycle;
    private readonly DrainStrategy _strategy;
    private readonly TimeSpan _drainTime;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private Scope? _scope;

    public DrainDecision(ServerLifecycle lifecycle, DrainStrategy strategy, TimeSpan drainTime, TimeProvider time, Random random)
    {
        _lifecycle = lifecycle;
        _strategy = strategy;
        _drainTime = drainTime;
        _time = time;
        _random = random;
    }

    /// <summary>
    /// Starts the drain, or widens an inbound-only one to every listener (Envoy's drain directions). False when
    /// a drain that covers <paramref name="inboundOnly"/>'s listeners already runs.
    /// </summary>
    public bool Start(bool inboundOnly)
    {
        var next = new Scope(inboundOnly, _time.GetTimestamp());
        while (true)
        {
            var current = Volatile.Read(ref _scope);
            if (current is not null && (!current.InboundOnly || inboundOnly))
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _scope, next, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>The drain that runs covers this listener.</summary>
    public bool Covers(ListenerConfig listener) =>
        Volatile.Read(ref _scope) is { } scope && (!scope.InboundOnly || IsInbound(listener));

    /// <summary>Whether the response being sent on a connection of <paramref name="listener"/> closes it.</summary>
    public bool DrainClose(ListenerConfig listener)
    {
        if (_lifecycle.HealthCheckFailed)
        {
            return true;
        }

        var scope = Volatile.Read(ref _scope);
        if (scope is null || (scope.InboundOnly && !IsInbound(listener)))
        {
            return false;
        }

        if (_strategy == DrainStrategy.Immediate || _drainTime <= TimeSpan.Zero)
        {
            return true;
        }

        var elapsed = _time.GetElapsedTime(scope.StartTimestamp);
        return elapsed >= _drainTime || elapsed.TotalMilliseconds > _random.NextDouble() * _drainTime.TotalMilliseconds;
    }

    /// <summary>
    /// When the <paramref name="index"/>-th of <paramref name="count"/> open connections is asked to close at the
    /// start of a drain: at once (immediate), or spread evenly over the first quarter of the drain time
    /// (gradual), as Envoy's drain manager runs its connections' drain callbacks.
    /// </summary>
    public TimeSpan ProactiveDelay(int index, int count) =>
        _strategy == DrainStrategy.Immediate || count == 0 ? TimeSpan.Zero : _drainTime * index / 4 / count;

    private static bool IsInbound(ListenerConfig listener) => listener.TrafficDirection == "INBOUND";

    private sealed record Scope(bool InboundOnly, long StartTimestamp);
}
