using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Proxy.Filters.Stats;
using Proxy.Upstream.Config;
using Proxy.Upstream.Dns;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream;

/// <summary>
/// Owns the clusters at run time. The set of clusters is an immutable dictionary replaced in one write,
/// so a request looks a cluster up without a lock and sees either the old or the new set. A cluster whose
/// config did not change keeps its runtime (pools, load balancer, host state). Inside <see cref="BeginBatch"/>
/// changes are staged and the set is replaced once when the batch ends: an xDS response with thousands of
/// clusters costs one rebuild, not one per cluster, and requests see all of its changes at once.
/// </summary>
internal sealed class ClusterManager : IAsyncDisposable
{
    private readonly IStatsScope _stats;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly IDnsResolver _dns;
    private readonly ILogger _logger;
    private readonly Dictionary<string, DnsClusterResolver> _resolvers = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly Dictionary<string, ClusterRuntime> _warming = new(StringComparer.Ordinal);
    private FrozenDictionary<string, ClusterRuntime> _clusters = FrozenDictionary<string, ClusterRuntime>.Empty;
    private Dictionary<string, ClusterRuntime>? _staged;
    private int _batchDepth;

    public ClusterManager(IStatsScope stats, TimeProvider time, Random random, IDnsResolver dns, ILoggerFactory loggers)
    {
        _stats = stats;
        _time = time;
        _random = random;
        _dns = dns;
        _logger = loggers.CreateLogger("Proxy.Upstream.ClusterManager");
        ActiveClusters = stats.Gauge("cluster_manager.active_clusters");
        WarmingClusters = stats.Gauge("cluster_manager.warming_clusters");
        ClusterAdded = stats.Counter("cluster_manager.cluster_added");
        ClusterModified = stats.Counter("cluster_manager.cluster_modified");
        ClusterRemoved = stats.Counter("cluster_manager.cluster_removed");
    }

    public Gauge ActiveClusters { get; }

    public Gauge WarmingClusters { get; }

    public Counter ClusterAdded { get; }

    public Counter ClusterModified { get; }

    public Counter ClusterRemoved { get; }

    /// <summary>The clusters, including changes staged by an open batch (for discovery and admin, not requests).</summary>
    public IReadOnlyCollection<ClusterRuntime> Clusters
    {
        get
        {
            lock (_gate)
            {
                return _staged is null ? _clusters.Values : [.. _staged.Values];
            }
        }
    }

    public ClusterRuntime? Get(string name) => Volatile.Read(ref _clusters).GetValueOrDefault(name);

    /// <summary>Clusters from CDS waiting for their first endpoints (Envoy's warming clusters).</summary>
    public IReadOnlyList<ClusterRuntime> Warming
    {
        get
        {
            lock (_gate)
            {
                return [.. _warming.Values];
            }
        }
    }

    /// <summary>Stages every change until the returned scope is disposed (batches nest), then publishes the set once.</summary>
    public IDisposable BeginBatch()
    {
        lock (_gate)
        {
            _batchDepth++;
        }

        return new Batch(this);
    }

    public ClusterRuntime? GetWarming(string name)
    {
        lock (_gate)
        {
            return _warming.GetValueOrDefault(name);
        }
    }

    /// <summary>
    /// A cluster that must not take traffic before its endpoints arrive (an EDS cluster from CDS): its runtime
    /// is built but requests keep seeing the previous version (or no cluster) until <see cref="FinishWarming"/>.
    /// An identical config to the running one keeps the running cluster and warms nothing.
    /// </summary>
    public ClusterRuntime AddWarming(ClusterConfig config)
    {
        lock (_gate)
        {
            if (Current.TryGetValue(config.Name, out var existing) && existing.Config.Equals(config))
            {
                DropWarming(config.Name);
                return existing;
            }

            if (_warming.TryGetValue(config.Name, out var warming) && warming.Config.Equals(config))
            {
                return warming;
            }

            DropWarming(config.Name);
            var runtime = new ClusterRuntime(config, new ClusterStats(_stats, config.AltStatName ?? config.Name), _time, _random);
            _warming[config.Name] = runtime;
            WarmingClusters.Set(_warming.Count);
            return runtime;
        }
    }

    /// <summary>Publishes a warmed cluster in place of the running version, if it is still the one warming.</summary>
    public bool FinishWarming(ClusterRuntime runtime)
    {
        lock (_gate)
        {
            if (!_warming.TryGetValue(runtime.Name, out var warming) || !ReferenceEquals(warming, runtime))
            {
                return false;
            }

            _warming.Remove(runtime.Name);
            WarmingClusters.Set(_warming.Count);
            Publish(runtime);
            return true;
        }
    }

    /// <summary>Adds or replaces a cluster; an identical config (record equality) keeps the running cluster.</summary>
    public ClusterRuntime AddOrUpdate(ClusterConfig config)
    {
        lock (_gate)
        {
            if (Current.TryGetValue(config.Name, out var existing) && existing.Config.Equals(config))
            {
                return existing;
            }

            DropWarming(config.Name);
            var runtime = new ClusterRuntime(config, new ClusterStats(_stats, config.AltStatName ?? config.Name), _time, _random);
            Publish(runtime);
            return runtime;
        }
    }

    public bool Remove(string name)
    {
        lock (_gate)
        {
            var dropped = DropWarming(name);
            if (!Current.TryGetValue(name, out var existing))
            {
                return dropped;
            }

            var next = Stage();
            next.Remove(name);
            StopDiscovery(name);
            Commit();
            ClusterRemoved.Inc();
            ActiveClusters.Set(next.Count);
            Retire(existing);
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var resolver in _resolvers.Values)
            {
                resolver.Dispose();
            }

            _resolvers.Clear();
            foreach (var cluster in _warming.Values)
            {
                cluster.Dispose();
            }

            _warming.Clear();
            foreach (var cluster in _clusters.Values)
            {
                cluster.Dispose();
            }

            _clusters = FrozenDictionary<string, ClusterRuntime>.Empty;
            _staged = null;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private void Publish(ClusterRuntime runtime)
    {
        var next = Stage();
        next.TryGetValue(runtime.Name, out var existing);
        StopDiscovery(runtime.Name);
        StartDiscovery(runtime);
        next[runtime.Name] = runtime;
        Commit();
        if (existing is null)
        {
            ClusterAdded.Inc();
        }
        else
        {
            ClusterModified.Inc();
            Retire(existing);
        }

        ActiveClusters.Set(next.Count);
    }

    /// <summary>The set as changed so far (staged inside a batch). Under the gate.</summary>
    private IReadOnlyDictionary<string, ClusterRuntime> Current => (IReadOnlyDictionary<string, ClusterRuntime>?)_staged ?? _clusters;

    /// <summary>The mutable set the next publish is built from. Under the gate.</summary>
    private Dictionary<string, ClusterRuntime> Stage() => _staged ??= new Dictionary<string, ClusterRuntime>(_clusters, StringComparer.Ordinal);

    /// <summary>Publishes the staged set unless a batch is open. Under the gate.</summary>
    private void Commit()
    {
        if (_batchDepth == 0 && _staged is not null)
        {
            Volatile.Write(ref _clusters, _staged.ToFrozenDictionary(StringComparer.Ordinal));
            _staged = null;
        }
    }

    private void EndBatch()
    {
        lock (_gate)
        {
            _batchDepth--;
            Commit();
        }
    }

    private bool DropWarming(string name)
    {
        if (!_warming.Remove(name, out var warming))
        {
            return false;
        }

        WarmingClusters.Set(_warming.Count);
        warming.Dispose();
        return true;
    }

    private void StartDiscovery(ClusterRuntime runtime)
    {
        var config = runtime.Config;
        switch (config.DiscoveryType)
        {
            case ClusterDiscoveryType.Static when config.LoadAssignment is { } assignment:
                runtime.UpdateHosts(HostSetBuilder.Update(null, assignment, config.LoadBalancer.HealthyPanicThreshold, config.HealthChecks.Length > 0));
                break;
            case ClusterDiscoveryType.Static or ClusterDiscoveryType.OriginalDst:
                // ORIGINAL_DST clusters start empty and add a host per destination as connections pick them.
                runtime.UpdateHosts(PrioritySet.Empty);
                break;
            case ClusterDiscoveryType.StrictDns or ClusterDiscoveryType.LogicalDns:
                var resolver = new DnsClusterResolver(config, _dns, _time, _random, runtime.UpdateHosts);
                _resolvers[config.Name] = resolver;
                resolver.Start();
                break;
            default:
                // EDS clusters wait for their ClusterLoadAssignment.
                break;
        }
    }

    private void StopDiscovery(string name)
    {
        if (_resolvers.Remove(name, out var resolver))
        {
            resolver.Dispose();
        }
    }

    private void Retire(ClusterRuntime old)
    {
        // In-flight requests finish on the old pools; the handler closes idle connections when disposed.
        _ = Task.Delay(TimeSpan.FromSeconds(30), _time).ContinueWith(static (_, state) => ((ClusterRuntime)state!).Dispose(), old, TaskScheduler.Default);
    }

    private sealed class Batch(ClusterManager owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.EndBatch();
            }
        }
    }
}
