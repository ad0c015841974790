using System.Runtime;
using Proxy.Xds.Client;

namespace Proxy.Discovery;

/// <summary>
/// Gives memory back after a large xDS push. Applying a mesh-sized response leaves its wire bytes, protobuf
/// trees, the replaced configuration and the translators' scratch as garbage, and the garbage collector keeps
/// the heap it grew to: the proxy's RSS would stay at the peak of the push. One second after the last update
/// of at least <see cref="LargeUpdate"/> resources (so a CDS, EDS, LDS, RDS burst costs one), a blocking,
/// compacting, aggressive collection returns the free pages to the system. It runs off the request path, at
/// most once per burst; small updates (the steady state) never trigger it. It never runs while an update is
/// being applied (a mesh's EDS response can take longer than the quiet second, and a blocking collection in
/// its middle would only delay it): the quiet second then starts again when that update ends.
/// </summary>
internal sealed class MemoryReclaimer : IDisposable
{
    /// <summary>Updates with at least this many resources (added or removed) schedule a collection.</summary>
    public const int LargeUpdate = 500;

    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private int _applying;
    private bool _deferred;

    public MemoryReclaimer(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>How many collections ran (for tests).</summary>
    public int Collections { get; private set; }

    /// <summary>A watcher that passes every update to <paramref name="inner"/> and notes the large ones.</summary>
    public IXdsWatcher Watch(IXdsWatcher inner) => new NotingWatcher(inner, this);

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Applying()
    {
        lock (_gate)
        {
            _applying++;
        }
    }

    private void Applied(XdsUpdate update)
    {
        lock (_gate)
        {
            _applying--;
            if (update.Resources.Count + update.Removed.Count >= LargeUpdate || _deferred)
            {
                _deferred = false;
                Schedule();
            }
        }
    }

    private void Schedule()
    {
        _timer?.Dispose();
        _timer = _time.CreateTimer(static state => ((MemoryReclaimer)state!).Collect(), this, Quiet, Timeout.InfiniteTimeSpan);
    }

    private void Collect()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_applying > 0)
            {
                // Applied() schedules it again when the update in progress ends.
                _deferred = true;
                return;
            }

            Collections++;
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private sealed class NotingWatcher(IXdsWatcher inner, MemoryReclaimer owner) : IXdsWatcher
    {
        public void OnUpdate(XdsUpdate update)
        {
            owner.Applying();
            try
            {
                inner.OnUpdate(update);
            }
            finally
            {
                owner.Applied(update);
            }
        }
    }
}
