using Listener = Envoy.Config.Listener.V3.Listener;
using Microsoft.Extensions.Logging;
using Proxy.Config;
using Proxy.Filters.Extensions;
using Proxy.Filters.Stats;
using Proxy.Listeners;
using Proxy.Listeners.Config;
using Proxy.Xds.Client;

namespace Proxy.Discovery;

/// <summary>
/// LDS. A response is validated whole (every listener translates, no duplicate names, no static listener
/// replaced, no two listeners binding one address) before anything is applied. An unchanged listener is not
/// touched. A new or changed listener warms until the route configurations and secrets it names arrive (or the
/// initial_fetch_timeout passes), while its previous version keeps serving; then it takes new connections and
/// the previous version drains. A listener missing from a state-of-the-world response (or in Delta's
/// removed_resources) stops accepting and drains. Afterwards the RDS and SDS subscriptions are set to the names
/// the listeners need.
/// </summary>
internal sealed class ListenerDiscovery : IXdsWatcher
{
    private readonly ConfigTranslator _translator;
    private readonly ListenerManager _listeners;
    private readonly Func<ListenerConfig, Func<FilterChainConfig, IConnectionHandler>> _handlers;
    private readonly RouteConfigRegistry _routes;
    private readonly SecretDiscovery _secrets;
    private readonly IResourceInterest _interest;
    private readonly IReadOnlyList<ResourceName> _staticRouteNames;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DynamicResource> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WarmingListener> _warming = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ListenerConfig> _configs = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstUpdate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ListenerDiscovery(
        ConfigTranslator translator,
        ListenerManager listeners,
        Func<ListenerConfig, Func<FilterChainConfig, IConnectionHandler>> handlers,
        RouteConfigRegistry routes,
        SecretDiscovery secrets,
        IResourceInterest interest,
        IReadOnlyList<ResourceName> staticRouteNames,
        IStatsScope stats,
        TimeProvider time,
        ILogger logger)
    {
        _translator = translator;
        _listeners = listeners;
        _handlers = handlers;
        _routes = routes;
        _secrets = secrets;
        _interest = interest;
        _staticRouteNames = staticRouteNames;
        _time = time;
        _logger = logger;
        Stats = new UpdateStats(stats.CreateScope("listener_manager.lds"));
    }

    public UpdateStats Stats { get; }

    /// <summary>Completes when the first response was accepted.</summary>
    public Task FirstUpdate => _firstUpdate.Task;

    /// <summary>True while a listener waits for what it names.</summary>
    public bool AnyWarming
    {
        get
        {
            lock (_gate)
            {
                return _warming.Count > 0;
            }
        }
    }

    /// <summary>Dynamic listeners serving, for /config_dump's active_state.</summary>
    public IReadOnlyList<DynamicResource> Active
    {
        get
        {
            lock (_gate)
            {
                return [.. _active.Values];
            }
        }
    }

    /// <summary>Dynamic listeners waiting for routes or secrets, for /config_dump's warming_state.</summary>
    public IReadOnlyList<DynamicResource> WarmingResources
    {
        get
        {
            lock (_gate)
            {
                return [.. _warming.Values.Select(static w => w.Resource)];
            }
        }
    }

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

    /// <summary>A route configuration arrived: listeners waiting only for what has now arrived start.</summary>
    public void RouteArrived(string name) => Resolve("route configuration '" + name + "'");

    public void SecretArrived(string name) => Resolve("secret '" + name + "'");

    private void Apply(XdsUpdate update)
    {
        // 1. Validate the whole response.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var changed = new List<(XdsResource Resource, ListenerConfig Config)>();
        var addresses = new Dictionary<System.Net.EndPoint, string>();
        foreach (var resource in update.Resources)
        {
            if (!seen.Add(resource.Name))
            {
                throw new XdsRejectedException($"listener '{resource.Name}': duplicate listener name in the response");
            }

            if (_listeners.IsStatic(resource.Name))
            {
                throw new XdsRejectedException($"listener '{resource.Name}': a static listener of the bootstrap cannot be replaced by LDS");
            }

            ListenerConfig config;
            try
            {
                config = _translator.TranslateListener((Listener)resource.Message);
            }
            catch (ConfigException e)
            {
                throw new XdsRejectedException(RejectionMessages.Named("listener", resource.Name, e.Message));
            }

            // Port 0 asks the kernel for a free port: never a conflict.
            if (config.BindToPort && config.Address is not System.Net.IPEndPoint { Port: 0 } && !addresses.TryAdd(config.Address, resource.Name))
            {
                throw new XdsRejectedException($"listener '{resource.Name}': address: {config.Address} is already used by listener '{addresses[config.Address]}'");
            }

            if (!IsUnchanged(resource))
            {
                changed.Add((resource, config));
            }
        }

        List<string> removed;
        lock (_gate)
        {
            removed = update.IsStateOfTheWorld
                ? [.. _active.Keys.Concat(_warming.Keys).Where(n => !seen.Contains(n)).Distinct()]
                : [.. update.Removed];
        }

        // 2. Apply.
        var now = _time.GetUtcNow();
        foreach (var (resource, config) in changed)
        {
            var entry = new DynamicResource(resource.Name, resource.Version, resource.Message, now);
            var missing = Missing((Listener)resource.Message, config);
            lock (_gate)
            {
                _configs[config.Name] = config;
                if (_warming.Remove(config.Name, out var previous))
                {
                    previous.Timer?.Dispose();
                }

                if (missing.Count > 0)
                {
                    _warming[config.Name] = new WarmingListener(entry, config, missing, StartTimer(config.Name, WarmingTimeoutFor((Listener)resource.Message, config)));
                    _listeners.TotalWarming.Set(_warming.Count);
                    continue;
                }

                _listeners.TotalWarming.Set(_warming.Count);
            }

            Activate(entry, config);
        }

        foreach (var name in removed)
        {
            lock (_gate)
            {
                _active.Remove(name);
                _configs.Remove(name);
                if (_warming.Remove(name, out var warming))
                {
                    warming.Timer?.Dispose();
                }

                _listeners.TotalWarming.Set(_warming.Count);
            }

            _listeners.Remove(name);
            DiscoveryLog.ListenerChanged(_logger, name, "removed");
        }

        // 3. Subscribe to what the listeners now name.
        _interest.SetNames(XdsResourceType.RouteConfiguration, RouteNames());
        _interest.SetSecrets("lds", SecretReferences());
    }

    private bool IsUnchanged(XdsResource resource)
    {
        lock (_gate)
        {
            return (_warming.TryGetValue(resource.Name, out var warming) && warming.Resource.Proto.Equals(resource.Message))
                || (!_warming.ContainsKey(resource.Name) && _active.TryGetValue(resource.Name, out var current) && current.Proto.Equals(resource.Message));
        }
    }

    private HashSet<string> Missing(Listener proto, ListenerConfig config)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (route, _) in RouteResourcesOf(config))
        {
            if (_routes.Find(route)?.Table is null)
            {
                missing.Add("route configuration '" + route + "'");
            }
        }

        foreach (var secret in SdsReferences.Of(proto))
        {
            if (!_secrets.Has(secret.Name))
            {
                missing.Add("secret '" + secret.Name + "'");
            }
        }

        return missing;
    }

    private void Resolve(string dependency)
    {
        var ready = new List<WarmingListener>();
        lock (_gate)
        {
            foreach (var warming in _warming.Values)
            {
                if (warming.Missing.Remove(dependency) && warming.Missing.Count == 0)
                {
                    ready.Add(warming);
                }
            }

            foreach (var warming in ready)
            {
                _warming.Remove(warming.Resource.Name);
                warming.Timer?.Dispose();
            }

            _listeners.TotalWarming.Set(_warming.Count);
        }

        foreach (var warming in ready)
        {
            Activate(warming.Resource, warming.Config);
        }
    }

    private void Activate(DynamicResource entry, ListenerConfig config)
    {
        try
        {
            _listeners.AddOrUpdate(config, _handlers(config));
        }
        catch (ConfigException e)
        {
            // Only a bind can fail here; the previous version (if any) keeps serving.
            DiscoveryLog.ListenerFailed(_logger, entry.Name, e.Message);
            throw new XdsRejectedException(e.Message);
        }

        lock (_gate)
        {
            _active[entry.Name] = entry;
        }

        DiscoveryLog.ListenerChanged(_logger, entry.Name, "added or updated");
    }

    /// <summary>
    /// How long a listener waits for its routes and secrets, as Envoy's init targets: each waits for its config
    /// source's initial_fetch_timeout (15 s when unset; zero, as Istio sends, for no limit), and the listener
    /// starts when the last has arrived or timed out. Zero here means no limit.
    /// </summary>
    private static TimeSpan WarmingTimeoutFor(Listener proto, ListenerConfig config)
    {
        var timeouts = HttpConnectionManagersOf(config).Where(static h => h.RdsRouteConfigName is not null).Select(static h => h.RdsInitialFetchTimeout)
            .Concat(SdsReferences.Of(proto).Select(static s => ConfigSourceTimeouts.InitialFetchTimeout(s.SdsConfig)));
        var longest = TimeSpan.Zero;
        foreach (var timeout in timeouts)
        {
            if (timeout <= TimeSpan.Zero)
            {
                return TimeSpan.Zero;
            }

            longest = timeout > longest ? timeout : longest;
        }

        return longest;
    }

    private ITimer? StartTimer(string name, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return null;
        }

        return _time.CreateTimer(static state => ((TimerState)state!).Fire(), new TimerState(this, name, timeout), timeout, Timeout.InfiniteTimeSpan);
    }

    private void TimedOut(string name, TimeSpan timeout)
    {
        WarmingListener? warming;
        lock (_gate)
        {
            if (!_warming.Remove(name, out warming))
            {
                return;
            }

            warming.Timer?.Dispose();
            _listeners.TotalWarming.Set(_warming.Count);
        }

        // initial_fetch_timeout: the listener starts without what did not arrive (routes answer 404 NR), as Envoy's.
        Stats.InitFetchTimeout.Inc();
        DiscoveryLog.ListenerWarmingTimedOut(_logger, name, string.Join(", ", warming.Missing), timeout.TotalSeconds);
        try
        {
            Activate(warming.Resource, warming.Config);
        }
        catch (XdsRejectedException)
        {
            // Logged by Activate: nothing to NACK on a timer.
        }
    }

    /// <summary>The route configurations the listeners name, each with its rds.config_source.</summary>
    private HashSet<ResourceName> RouteNames()
    {
        var names = new HashSet<ResourceName>(_staticRouteNames);
        lock (_gate)
        {
            foreach (var config in _configs.Values)
            {
                names.UnionWith(RouteResourcesOf(config));
            }
        }

        return names;
    }

    private List<Envoy.Extensions.TransportSockets.Tls.V3.SdsSecretConfig> SecretReferences()
    {
        var found = new List<Envoy.Extensions.TransportSockets.Tls.V3.SdsSecretConfig>();
        lock (_gate)
        {
            foreach (var entry in _active.Values.Concat(_warming.Values.Select(static w => w.Resource)))
            {
                found.AddRange(SdsReferences.Of((Listener)entry.Proto));
            }
        }

        return found;
    }

    /// <summary>
    /// The route configurations a listener names through RDS, each with its rds.config_source: its filter
    /// chains' connection managers and its default filter chain's.
    /// </summary>
    public static IEnumerable<ResourceName> RouteResourcesOf(ListenerConfig config)
    {
        foreach (var hcm in HttpConnectionManagersOf(config))
        {
            if (hcm.RdsRouteConfigName is { } name)
            {
                yield return new ResourceName(name, hcm.RdsConfigSource);
            }
        }
    }

    private static IEnumerable<Http.ConnectionManager.HttpConnectionManagerConfig> HttpConnectionManagersOf(ListenerConfig config)
    {
        foreach (var chain in config.FilterChains)
        {
            if (chain.HttpConnectionManager is { } hcm)
            {
                yield return hcm;
            }
        }

        if (config.DefaultFilterChain?.HttpConnectionManager is { } fallback)
        {
            yield return fallback;
        }
    }

    private sealed record WarmingListener(DynamicResource Resource, ListenerConfig Config, HashSet<string> Missing, ITimer? Timer);

    private sealed class TimerState(ListenerDiscovery owner, string name, TimeSpan timeout)
    {
        public void Fire() => owner.TimedOut(name, timeout);
    }
}
