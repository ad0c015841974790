using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// The shared part of ring hash and Maglev (Envoy's <c>ThreadAwareLoadBalancerBase</c>): one table per priority,
/// built from its healthy hosts (all hosts in panic); the request hash (or a random number without one)
/// chooses the priority, then the table entry; retries ask the table for alternatives.
/// </summary>
internal sealed class HashTableSelector
{
    private readonly PriorityLoad _load;
    private readonly IHashTable[] _tables;

    public HashTableSelector(PrioritySet set, LoadBalancerSettings settings,
        Func<List<(Host Host, double Weight)>, double, double, IHashTable> createTable)
    {
        _load = set.Load;
        _tables = new IHashTable[set.HostSets.Length];
        for (var p = 0; p < _tables.Length; p++)
        {
            var weights = NormalizedHostWeights.Compute(set.HostSets[p], set.Load.Panic[p], settings.LocalityWeighted,
                out var min, out var max);
            _tables[p] = createTable(weights, min, max);
        }
    }

    public IHashTable TableFor(int priority) => _tables[priority];

    public Host? ChooseHost(in LoadBalancerContext context)
    {
        var hash = context.Hash ?? context.NextRandom();
        var table = _tables[_load.Choose(hash).Priority];
        var attempts = context.AvoidHost is null ? 1 : Math.Max(1, context.HostSelectionRetryCount + 1);
        Host? host = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            host = table.Choose(hash, attempt);
            if (host is null || !ReferenceEquals(host, context.AvoidHost))
            {
                return host;
            }
        }

        return host;
    }
}
