using Proxy.Filters.Stats;

namespace Proxy.Discovery;

/// <summary>The RDS route configurations by name, created when a listener first names one.</summary>
internal sealed class RouteConfigRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RouteConfigSlot> _slots = new(StringComparer.Ordinal);
    private readonly IStatsScope _stats;

    public RouteConfigRegistry(IStatsScope stats)
    {
        _stats = stats;
    }

    /// <summary>The slot for <paramref name="name"/>; the connection manager <paramref name="statPrefix"/> (when given)
    /// gets its <c>http.&lt;stat_prefix&gt;.rds.&lt;name&gt;.*</c> stats.</summary>
    public RouteConfigSlot Get(string name, string? statPrefix)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue(name, out var slot))
            {
                slot = new RouteConfigSlot(name);
                _slots[name] = slot;
            }

            var scope = $"http.{statPrefix}.rds.{name}";
            if (statPrefix is not null && !slot.Stats.Exists(s => s.Scope == scope))
            {
                slot.Stats.Add(new UpdateStats(_stats.CreateScope(scope)) { Scope = scope });
            }

            return slot;
        }
    }

    public RouteConfigSlot? Find(string name)
    {
        lock (_gate)
        {
            return _slots.GetValueOrDefault(name);
        }
    }

    /// <summary>Every route configuration received, for /config_dump.</summary>
    public IReadOnlyList<DynamicResource> Received
    {
        get
        {
            lock (_gate)
            {
                var list = new List<DynamicResource>();
                foreach (var slot in _slots.Values)
                {
                    if (slot.Resource is { } resource)
                    {
                        list.Add(resource);
                    }
                }

                return list;
            }
        }
    }
}
