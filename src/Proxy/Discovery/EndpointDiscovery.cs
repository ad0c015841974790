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
/// and stats) and finishes warming a cluster waiting for it. Assignments are kept in their wire form, so a
/// cluster updated by CDS gets its endpoints at once, as Envoy's EDS resource cache does (translated again then:
/// keeping the translated form would cost about 70 bytes per endpoint of a mesh). State of the world does not
/// remove an assignment left out of a response; Delta's removed_resources leaves its clusters with no endpoints.
/// </summary>
internal sealed class EndpointDiscovery : IXdsWatcher
{
    private readonly ClusterManager _clusters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DynamicResource> _assignments = new(StringComparer.Ordinal);

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
                return [.. _assignments.Values];
            }
        }
    }

    /// <summary>The assignment held for a service name, translated again from the form it was accepted in.</summary>
    public LoadAssignment? Find(string serviceName)
    {
        DynamicResource? held;
        lock (_gate)
        {
            held = _assignments.GetValueOrDefault(serviceName);
        }

        return held is null ? null : EndpointTranslator.Translate((ClusterLoadAssignment)held.Proto);
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

        // 2. Apply, publishing the clusters that finish warming at once; one index of the clusters by service
        // name per response keeps a mesh-sized push linear.
        using var batch = _clusters.BeginBatch();
        var users = ByServiceName();
        var now = _time.GetUtcNow();
        foreach (var (resource, assignment) in translated)
        {
            lock (_gate)
            {
                _assignments[resource.Name] = DynamicResource.Compact(resource, ClusterLoadAssignment.Parser, now);
            }

            Apply(users, resource.Name, assignment);
        }

        foreach (var name in update.Removed)
        {
            lock (_gate)
            {
                _assignments.Remove(name);
            }

            Apply(users, name, new LoadAssignment { ClusterName = name });
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

    /// <summary>The active and the warming clusters of each EDS service name.</summary>
    private Dictionary<string, (List<ClusterRuntime> Active, List<ClusterRuntime> Warming)> ByServiceName()
    {
        var index = new Dictionary<string, (List<ClusterRuntime> Active, List<ClusterRuntime> Warming)>(StringComparer.Ordinal);
        (List<ClusterRuntime> Active, List<ClusterRuntime> Warming) Entry(string service) =>
            index.TryGetValue(service, out var entry) ? entry : index[service] = ([], []);
        foreach (var cluster in _clusters.Clusters)
        {
            if (cluster.Config.EdsServiceName is { } service)
            {
                Entry(service).Active.Add(cluster);
            }
        }

        foreach (var warming in _clusters.Warming)
        {
            if (warming.Config.EdsServiceName is { } service)
            {
                Entry(service).Warming.Add(warming);
            }
        }

        return index;
    }

    private void Apply(Dictionary<string, (List<ClusterRuntime> Active, List<ClusterRuntime> Warming)> users, string serviceName, LoadAssignment assignment)
    {
        if (!users.TryGetValue(serviceName, out var entry))
        {
            return;
        }

        foreach (var cluster in entry.Active)
        {
            SetHosts(cluster, assignment);
        }

        foreach (var warming in entry.Warming)
        {
            SetHosts(warming, assignment);
            if (_clusters.FinishWarming(warming))
            {
                DiscoveryLog.ClusterWarmed(_logger, warming.Name);
                ClusterWarmed?.Invoke(warming.Name);
            }
        }

        // A warming cluster is active from now on, for a second assignment of the same name in this response.
        entry.Active.AddRange(entry.Warming);
        entry.Warming.Clear();
    }

    private static void SetHosts(ClusterRuntime cluster, LoadAssignment assignment)
    {
        var config = cluster.Config;
        cluster.UpdateHosts(HostSetBuilder.Update(cluster.Hosts.Hosts, assignment, config.LoadBalancer.HealthyPanicThreshold, config.HealthChecks.Length > 0));
    }
}
