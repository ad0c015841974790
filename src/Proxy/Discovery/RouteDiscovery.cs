using Envoy.Config.Route.V3;
using Proxy.Config;
using Proxy.Filters.Extensions;
using Proxy.Routing;
using Proxy.Xds.Client;

namespace Proxy.Discovery;

/// <summary>
/// RDS: each route configuration is translated and swapped into its slot whole, so a request routes on the old
/// or the new table and never on a mix. A response with one bad configuration applies none of them. State of the
/// world does not remove a configuration left out of a response (Envoy keeps it until no listener names it).
/// </summary>
internal sealed class RouteDiscovery : IXdsWatcher
{
    private readonly ConfigTranslator _translator;
    private readonly RouteConfigRegistry _registry;
    private readonly TimeProvider _time;

    public RouteDiscovery(ConfigTranslator translator, RouteConfigRegistry registry, TimeProvider time)
    {
        _translator = translator;
        _registry = registry;
        _time = time;
    }

    /// <summary>Told the name of each route configuration that arrived (listeners waiting for it stop warming).</summary>
    public Action<string>? Arrived { get; set; }

    public void OnUpdate(XdsUpdate update)
    {
        var translated = new List<(XdsResource Resource, RouteTable Table, RouteConfigSlot? Slot)>(update.Resources.Count);
        foreach (var resource in update.Resources)
        {
            var slot = _registry.Find(resource.Name);
            Each(slot, static s => s.Attempt.Inc());
            try
            {
                translated.Add((resource, _translator.TranslateRoutes((RouteConfiguration)resource.Message), slot));
            }
            catch (ConfigException e)
            {
                Each(slot, static s => s.Rejected.Inc());
                throw new XdsRejectedException(RejectionMessages.Named("route_configuration", resource.Name, e.Message));
            }
        }

        var now = _time.GetUtcNow();
        foreach (var (resource, table, slot) in translated)
        {
            var target = slot ?? _registry.Get(resource.Name, statPrefix: null);
            var unchanged = target.Resource?.Proto.Equals(resource.Message) == true;
            if (!unchanged)
            {
                target.Set(table, new DynamicResource(resource.Name, resource.Version, resource.Message, now));
            }

            var virtualHosts = ((RouteConfiguration)resource.Message).VirtualHosts.Count;
            foreach (var stats in target.Stats)
            {
                stats.Accepted(resource.Version, virtualHosts);
                if (!unchanged)
                {
                    stats.ConfigReload.Inc();
                }
            }

            Arrived?.Invoke(resource.Name);
        }
    }

    private static void Each(RouteConfigSlot? slot, Action<UpdateStats> action)
    {
        if (slot is null)
        {
            return;
        }

        foreach (var stats in slot.Stats)
        {
            action(stats);
        }
    }
}
