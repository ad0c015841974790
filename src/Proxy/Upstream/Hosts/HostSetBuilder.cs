using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Proxy.Upstream.Config;

namespace Proxy.Upstream.Hosts;

/// <summary>
/// Builds the next <see cref="PrioritySet"/> from a <see cref="LoadAssignment"/>, reusing the previous snapshot's
/// <see cref="Host"/> objects for addresses still present (Envoy's <c>updateDynamicHostList</c>): their health
/// flags, stats and active requests carry over; weight, metadata, locality, priority and EDS health are updated.
/// </summary>
public static class HostSetBuilder
{
    /// <param name="previous">The current snapshot, or null for the first one.</param>
    /// <param name="assignment">The new hosts; names must already be resolved (IP, pipe or internal addresses).</param>
    /// <param name="healthyPanicThreshold">The cluster's <c>healthy_panic_threshold</c> in percent.</param>
    /// <param name="newHostsPendingHealthCheck">
    /// True when the cluster has active health checks: new hosts start failed and pending their first check,
    /// as Envoy does, so they take no traffic before it passes.
    /// </param>
    public static PrioritySet Update(PrioritySet? previous, LoadAssignment assignment, uint healthyPanicThreshold,
        bool newHostsPendingHealthCheck = false)
    {
        ArgumentNullException.ThrowIfNull(assignment);

        // 1. Index the hosts we may reuse by address (the IPEndPoint, else the address string); duplicates are
        // matched in order.
        var reusable = new Dictionary<object, Queue<Host>>();
        if (previous is not null)
        {
            foreach (var host in previous.AllHosts)
            {
                var key = host.EndpointAddress.Identity;
                if (!reusable.TryGetValue(key, out var queue))
                {
                    reusable[key] = queue = new Queue<Host>(1);
                }

                queue.Enqueue(host);
            }
        }

        // Endpoints of one assignment mostly share their description (same locality, weight and interned
        // metadata): one instance serves them all.
        var descriptions = new Dictionary<HostDescription, HostDescription>(HostDescription.SharingComparer);

        // 2. Hosts per priority in assignment order, and per (priority, locality) groups.
        var hostsByPriority = new SortedDictionary<int, ImmutableArray<Host>.Builder>();
        var groups = new Dictionary<(int Priority, Locality Locality), (uint? Weight, List<Host> Hosts)>();
        foreach (var locality in assignment.Localities)
        {
            if (!hostsByPriority.TryGetValue(locality.Priority, out var priorityHosts))
            {
                hostsByPriority[locality.Priority] = priorityHosts = ImmutableArray.CreateBuilder<Host>();
            }

            var key = (locality.Priority, locality.Locality);
            if (!groups.TryGetValue(key, out var group))
            {
                group = (null, new List<Host>());
            }

            // A later entry for the same locality overrides its weight, as Envoy's locality weight map.
            group.Weight = locality.LoadBalancingWeight ?? group.Weight;
            foreach (var endpoint in locality.Endpoints)
            {
                var host = Take(reusable, descriptions, endpoint, locality, newHostsPendingHealthCheck);
                priorityHosts.Add(host);
                group.Hosts.Add(host);
            }

            groups[key] = group;
        }

        // 3. One HostSet per priority from 0 to the highest, empty where the assignment skips one.
        var maxPriority = hostsByPriority.Count == 0 ? 0 : hostsByPriority.Keys.Max();
        var sets = ImmutableArray.CreateBuilder<HostSet>(maxPriority + 1);
        for (var p = 0; p <= maxPriority; p++)
        {
            var hosts = hostsByPriority.TryGetValue(p, out var builder) ? builder.ToImmutable() : ImmutableArray<Host>.Empty;
            // A priority with one locality (the usual case) shares its host array with it.
            var localities = groups
                .Where(g => g.Key.Priority == p)
                .OrderBy(g => g.Key.Locality.Region, StringComparer.Ordinal)
                .ThenBy(g => g.Key.Locality.Zone, StringComparer.Ordinal)
                .ThenBy(g => g.Key.Locality.SubZone, StringComparer.Ordinal)
                .Select(g => new LocalityHosts(g.Key.Locality, g.Value.Weight ?? 0,
                    g.Value.Hosts.Count == hosts.Length ? hosts : g.Value.Hosts.ToImmutableArray()))
                .ToImmutableArray();
            sets.Add(new HostSet(p, hosts, localities, assignment.OverprovisioningFactor, assignment.WeightedPriorityHealth));
        }

        return new PrioritySet(sets.MoveToImmutable(), healthyPanicThreshold);
    }

    private static Host Take(Dictionary<object, Queue<Host>> reusable, Dictionary<HostDescription, HostDescription> descriptions,
        EndpointConfig endpoint, LocalityEndpoints locality, bool newHostsPendingHealthCheck)
    {
        if (endpoint.Address.EndPoint is null)
        {
            throw new ArgumentException(
                $"endpoint {endpoint.Address.AsString} is an unresolved name; resolve DNS clusters before building hosts",
                nameof(endpoint));
        }

        var description = new HostDescription(
            endpoint.Hostname,
            endpoint.Weight,
            locality.Locality,
            locality.Priority,
            endpoint.Metadata,
            endpoint.HealthCheck,
            endpoint.HealthStatus);
        ref var shared = ref CollectionsMarshal.GetValueRefOrAddDefault(descriptions, description, out _);
        shared ??= description;
        description = shared;

        if (reusable.TryGetValue(endpoint.Address.Identity, out var queue) && queue.TryDequeue(out var existing))
        {
            existing.Update(description);
            return existing;
        }

        var host = new Host(endpoint.Address, description);
        if (newHostsPendingHealthCheck && endpoint.HealthCheck?.DisableActiveHealthCheck != true)
        {
            host.SetHealthFlags(HostHealthFlags.FailedActiveHealthCheck | HostHealthFlags.PendingActiveHealthCheck);
        }

        return host;
    }
}
