using Envoy.Config.Endpoint.V3;
using Microsoft.Extensions.Logging;
using Proxy.Filters.Extensions;
using Proxy.Upstream;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;
using Proxy.Xds.Client;

namespace Proxy.Discovery;

/// <summary>
/// EDS: ClusterLoadAssignments by service name (eds_cluster_config.service_name, else the cluster name). An
/// assignment replaces the hosts of every cluster that uses it (hosts at unchanged addresses keep their health
/// and stats) and finishes warming a cluster waiting for it. Assignments are kept, so a cluster updated by CDS
/// gets its endpoints at once, as Envoy's EDS resource cache does. State of the world does not remove an
/// assignment left out of a response; Delta's removed_resources leaves its clusters with no endpoints.
/// </summary>
internal sealed class EndpointDiscovery : IXdsWatcher
{
    private readonly ClusterManager _clusters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (LoadAssignment Assignment, DynamicResource Resource)> _assignments = new(StringComparer.Ordinal);

    public EndpointDiscovery(ClusterManager clusters, TimeProvider time, ILogger logger)
    {
        _clusters = clusters;
        _time = time;
        _logger = logger;
    }

    /// <summary>Told the name of a cluster that finished warming because its endpoints arrived.</summary>
    public Action<string>? ClusterWarmed { get; set; }

    /// <summary>Every assignment received, for /config_dump?include_eds.</summary>
    public IReadOnlyList<DynamicResource> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _assignments.Values.Select(static v => v.Resource)];
            }
        }
    }

    public LoadAssignment? Find(string serviceName)
    {
        lock (_gate)
        {
            return _assignments.TryGetValue(serviceName, out var entry) ? entry.Assignment : null;
        }
    }

    public void OnUpdate(XdsUpdate update)
    {
        // 1. Validate everything first: nothing of a rejected response is applied.
        var translated = new List<(XdsResource Resource, LoadAssignment Assignment)>(update.Resources.Count);
        foreach (var resource in update.Resources)
        {
            try
            {
                translated.Add((resource, EndpointTranslator.Translate((ClusterLoadAssignment)resource.Message)));
            }
            catch (ConfigException e)
            {
                throw new XdsRejectedException(RejectionMessages.Named("cluster_load_assignment", resource.Name, e.Message));
            }
        }

        // 2. Apply.
        var now = _time.GetUtcNow();
        foreach (var (resource, assignment) in translated)
        {
            lock (_gate)
            {
                _assignments[resource.Name] = (assignment, new DynamicResource(resource.Name, resource.Version, resource.Message, now));
            }

            Apply(resource.Name, assignment);
        }

        foreach (var name in update.Removed)
        {
            lock (_gate)
            {
                _assignments.Remove(name);
            }

            Apply(name, new LoadAssignment { ClusterName = name });
        }
    }

    /// <summary>Gives a warming cluster the assignment already held for it; true when it was finished warming.</summary>
    public bool TryWarm(ClusterRuntime runtime)
    {
        if (runtime.Config.EdsServiceName is { } service && Find(service) is { } assignment)
        {
            SetHosts(runtime, assignment);
            return _clusters.FinishWarming(runtime);
        }

        return false;
    }

    private void Apply(string serviceName, LoadAssignment assignment)
    {
        foreach (var cluster in _clusters.Clusters)
        {
            if (cluster.Config.EdsServiceName == serviceName)
            {
                SetHosts(cluster, assignment);
            }
        }

        foreach (var warming in _clusters.Warming)
        {
            if (warming.Config.EdsServiceName == serviceName)
            {
                SetHosts(warming, assignment);
                if (_clusters.FinishWarming(warming))
                {
                    DiscoveryLog.ClusterWarmed(_logger, warming.Name);
                    ClusterWarmed?.Invoke(warming.Name);
                }
            }
        }
    }

    private static void SetHosts(ClusterRuntime cluster, LoadAssignment assignment)
    {
        var config = cluster.Config;
        cluster.UpdateHosts(HostSetBuilder.Update(cluster.Hosts.Hosts, assignment, config.LoadBalancer.HealthyPanicThreshold, config.HealthChecks.Length > 0));
    }
}
