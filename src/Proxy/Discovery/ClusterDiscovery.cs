using Envoy.Config.Cluster.V3;
using Microsoft.Extensions.Logging;
using Proxy.Config;
using Proxy.Filters.Extensions;
using Proxy.Filters.Stats;
using Proxy.Upstream;
using Proxy.Upstream.Config;
using Proxy.Xds.Client;

namespace Proxy.Discovery;

/// <summary>
/// CDS. A response is validated whole (every cluster translates, no duplicate names, no static cluster
/// replaced) before anything is applied. A cluster whose resource did not change is not touched (its pools,
/// load balancer and health state stay); a changed or new EDS cluster warms until its endpoints arrive or the
/// EDS source's initial_fetch_timeout passes, while the previous version keeps serving; a cluster missing from
/// a state-of-the-world response (or in Delta's removed_resources) is removed. Afterwards the EDS subscription
/// is set to the service names the clusters need.
/// </summary>
internal sealed class ClusterDiscovery : IXdsWatcher
{
    private readonly ClusterManager _clusters;
    private readonly EndpointDiscovery _endpoints;
    private readonly IResourceInterest _interest;
    private readonly IReadOnlySet<string> _static;
    private readonly IReadOnlyList<ResourceName> _staticEdsServices;
    private readonly Func<Cluster, TimeSpan> _warmingTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DynamicResource> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DynamicResource> _warming = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstUpdate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ClusterDiscovery(
        ClusterManager clusters,
        EndpointDiscovery endpoints,
        IResourceInterest interest,
        IReadOnlySet<string> staticClusters,
        IReadOnlyList<ResourceName> staticEdsServices,
        Func<Cluster, TimeSpan> warmingTimeout,
        IStatsScope stats,
        TimeProvider time,
        ILogger logger)
    {
        _clusters = clusters;
        _endpoints = endpoints;
        _interest = interest;
        _static = staticClusters;
        _staticEdsServices = staticEdsServices;
        _warmingTimeout = warmingTimeout;
        _time = time;
        _logger = logger;
        Stats = new UpdateStats(stats.CreateScope("cluster_manager.cds"));
    }

    public UpdateStats Stats { get; }

    /// <summary>Completes when the first response was accepted (the server's init waits for it).</summary>
    public Task FirstUpdate => _firstUpdate.Task;

    /// <summary>The clusters serving, as the control plane sent them, for /config_dump's dynamic_active_clusters.</summary>
    public IReadOnlyList<DynamicResource> Active => Snapshot(_active);

    /// <summary>Clusters waiting for endpoints, for /config_dump's dynamic_warming_clusters.</summary>
    public IReadOnlyList<DynamicResource> WarmingResources => Snapshot(_warming);

    public void OnUpdate(XdsUpdate update)
    {
        Stats.Attempt.Inc();
        try
        {
            Apply(update);
        }
        catch (XdsRejectedException)
        {
            Stats.Rejected.Inc();
            throw;
        }

        Stats.Accepted(update.Version, update.Resources.Count);
        _firstUpdate.TrySetResult();
    }

    private void Apply(XdsUpdate update)
    {
        // 1. Validate the whole response.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var changed = new List<(XdsResource Resource, ClusterConfig Config)>();
        foreach (var resource in update.Resources)
        {
            if (!seen.Add(resource.Name))
            {
                throw new XdsRejectedException($"cluster '{resource.Name}': duplicate cluster name in the response");
            }

            if (_static.Contains(resource.Name))
            {
                throw new XdsRejectedException($"cluster '{resource.Name}': a static cluster of the bootstrap cannot be replaced by CDS");
            }

            ClusterConfig config;
            try
            {
                config = ConfigTranslator.TranslateCluster((Cluster)resource.Message);
            }
            catch (ConfigException e)
            {
                throw new XdsRejectedException(RejectionMessages.Named("cluster", resource.Name, e.Message));
            }

            if (!IsUnchanged(resource))
            {
                changed.Add((resource, config));
            }
        }

        var removed = new List<string>();
        lock (_gate)
        {
            if (update.IsStateOfTheWorld)
            {
                foreach (var name in _active.Keys.Concat(_warming.Keys))
                {
                    if (!seen.Contains(name))
                    {
                        removed.Add(name);
                    }
                }
            }
            else
            {
                removed.AddRange(update.Removed);
            }
        }

        // 2. Apply: additions and changes, then removals, published to requests at once.
        using var batch = _clusters.BeginBatch();
        var now = _time.GetUtcNow();
        foreach (var (resource, config) in changed)
        {
            var cluster = (Cluster)resource.Message;
            var entry = DynamicResource.Compact(resource, Cluster.Parser, now, SdsReferences.Of(cluster));
            if (config.DiscoveryType == ClusterDiscoveryType.Eds)
            {
                var runtime = _clusters.AddWarming(config);
                if (_clusters.GetWarming(config.Name) == runtime && !_endpoints.TryWarm(runtime))
                {
                    SetWarming(entry);
                    StartWarmingTimer(runtime, entry, _warmingTimeout((Cluster)resource.Message));
                    continue;
                }
            }
            else
            {
                _clusters.AddOrUpdate(config);
            }

            SetActive(entry);
        }

        foreach (var name in removed.Distinct())
        {
            lock (_gate)
            {
                _active.Remove(name);
                _warming.Remove(name);
            }

            _clusters.Remove(name);
            DiscoveryLog.ClusterRemoved(_logger, name);
        }

        // 3. Subscribe to the endpoints the clusters now need.
        _interest.SetNames(XdsResourceType.ClusterLoadAssignment, EdsServiceNames());
        _interest.SetSecrets("cds", SecretReferences());
    }

    private List<Envoy.Extensions.TransportSockets.Tls.V3.SdsSecretConfig> SecretReferences()
    {
        var found = new List<Envoy.Extensions.TransportSockets.Tls.V3.SdsSecretConfig>();
        lock (_gate)
        {
            foreach (var entry in _active.Values.Concat(_warming.Values))
            {
                found.AddRange(entry.Secrets);
            }
        }

        return found;
    }

    private bool IsUnchanged(XdsResource resource)
    {
        lock (_gate)
        {
            return (_active.TryGetValue(resource.Name, out var current) || _warming.TryGetValue(resource.Name, out current))
                && current.SameAs(resource);
        }
    }

    /// <summary>The endpoints an EDS cluster names (eds_cluster_config's service name and eds_config); null for other clusters.</summary>
    public static ResourceName? EndpointsOf(ClusterConfig config) =>
        config.EdsServiceName is { } service ? new ResourceName(service, config.EdsConfigSource) : null;

    /// <summary>The endpoints the EDS clusters name, each with its eds_config.</summary>
    private HashSet<ResourceName> EdsServiceNames()
    {
        var names = new HashSet<ResourceName>(_staticEdsServices);
        foreach (var cluster in _clusters.Clusters.Concat(_clusters.Warming))
        {
            if (EndpointsOf(cluster.Config) is { } endpoints)
            {
                names.Add(endpoints);
            }
        }

        return names;
    }

    private void SetWarming(DynamicResource entry)
    {
        lock (_gate)
        {
            _warming[entry.Name] = entry;
        }
    }

    private void SetActive(DynamicResource entry)
    {
        lock (_gate)
        {
            _warming.Remove(entry.Name);
            _active[entry.Name] = entry;
        }
    }

    /// <summary>Called when a warming cluster got its endpoints (from <see cref="EndpointDiscovery"/>).</summary>
    public void Warmed(string name)
    {
        lock (_gate)
        {
            if (_warming.Remove(name, out var entry))
            {
                _active[name] = entry;
            }
        }
    }

    private void StartWarmingTimer(ClusterRuntime runtime, DynamicResource entry, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ =>
            {
                timer?.Dispose();

                // initial_fetch_timeout: the cluster goes active without endpoints, as Envoy's does.
                if (_clusters.FinishWarming(runtime))
                {
                    Stats.InitFetchTimeout.Inc();
                    DiscoveryLog.ClusterWarmingTimedOut(_logger, runtime.Name, timeout.TotalSeconds);
                    Warmed(entry.Name);
                }
            },
            null,
            timeout,
            Timeout.InfiniteTimeSpan);
    }

    private IReadOnlyList<DynamicResource> Snapshot(Dictionary<string, DynamicResource> map)
    {
        lock (_gate)
        {
            return [.. map.Values];
        }
    }
}
