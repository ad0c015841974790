using Proxy.Routing;

namespace Proxy.Discovery;

/// <summary>
/// One RDS route configuration by name: the translated table every connection manager that names it reads per
/// request (<see cref="Table"/>, one volatile read, swapped whole so a request sees the old or the new table),
/// and the accepted resource for /config_dump. Null table: not received yet (requests get 404 NR).
/// </summary>
internal sealed class RouteConfigSlot
{
    private RouteTable? _table;

    public RouteConfigSlot(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public RouteTable? Table => Volatile.Read(ref _table);

    public DynamicResource? Resource { get; private set; }

    /// <summary>The stats of each connection manager (stat_prefix) that uses this configuration.</summary>
    public List<UpdateStats> Stats { get; } = [];

    public void Set(RouteTable table, DynamicResource resource)
    {
        Resource = resource;
        Volatile.Write(ref _table, table);
    }
}
