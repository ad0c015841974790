using System.Collections.Immutable;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// The shared part of round robin, least request and random (Envoy's <c>ZoneAwareLoadBalancerBase</c>):
/// <list type="number">
/// <item>choose the priority and availability from the snapshot's priority load with a random number;</item>
/// <item>in panic use all hosts of that priority (or none with fail_traffic_on_panic);</item>
/// <item>with locality weighted balancing, choose a locality by weight × availability (EDF order), then its hosts;</item>
/// <item>otherwise use the priority's healthy or degraded hosts;</item>
/// <item>let the algorithm's picker choose, again if it chose the host to avoid.</item>
/// </list>
/// Pickers for every hosts source are built up front, so a pick allocates nothing and takes no lock.
/// </summary>
internal sealed class HostSourceSelector
{
    private readonly PriorityLoad _load;
    private readonly PerPriority[] _priorities;
    private readonly bool _localityWeighted;
    private readonly bool _failTrafficOnPanic;

    public HostSourceSelector(PrioritySet set, LoadBalancerSettings settings, ulong seed,
        Func<ImmutableArray<Host>, IHostPicker> createPicker)
    {
        _load = set.Load;
        _localityWeighted = settings.LocalityWeighted;
        _failTrafficOnPanic = settings.ZoneAware?.FailTrafficOnPanic ?? false;
        _priorities = new PerPriority[set.HostSets.Length];
        for (var p = 0; p < _priorities.Length; p++)
        {
            _priorities[p] = new PerPriority(set.HostSets[p], set.Load.Panic[p], _localityWeighted, seed, createPicker);
        }
    }

    public Host? ChooseHost(in LoadBalancerContext context)
    {
        var attempts = context.AvoidHost is null ? 1 : Math.Max(1, context.HostSelectionRetryCount + 1);
        Host? host = null;
        for (var i = 0; i < attempts; i++)
        {
            host = ChooseOnce(context);
            if (host is null || !ReferenceEquals(host, context.AvoidHost))
            {
                return host;
            }
        }

        // As Envoy: when every attempt hit the host to avoid, use the last pick anyway.
        return host;
    }

    private Host? ChooseOnce(in LoadBalancerContext context)
    {
        var (priority, availability) = _load.Choose(context.NextRandom());
        var state = _priorities[priority];
        if (state.Panic)
        {
            return _failTrafficOnPanic ? null : state.All.Pick(context);
        }

        var degraded = availability == HostAvailability.Degraded;
        if (_localityWeighted)
        {
            var schedule = degraded ? state.DegradedLocalities : state.HealthyLocalities;
            if (schedule is not null)
            {
                var locality = schedule.Next();
                return (degraded ? state.LocalityDegraded : state.LocalityHealthy)[locality].Pick(context);
            }
        }

        return (degraded ? state.Degraded : state.Healthy).Pick(context);
    }

    private static IHostPicker Picker(ImmutableArray<Host> hosts, Func<ImmutableArray<Host>, IHostPicker> createPicker) =>
        hosts.IsEmpty ? EmptyPicker.Instance : createPicker(hosts);

    private sealed class PerPriority
    {
        public PerPriority(HostSet set, bool panic, bool localityWeighted, ulong seed, Func<ImmutableArray<Host>, IHostPicker> createPicker)
        {
            Panic = panic;
            All = Picker(set.Hosts, createPicker);
            Healthy = Picker(set.HealthyHosts, createPicker);
            Degraded = Picker(set.DegradedHosts, createPicker);
            LocalityHealthy = Array.Empty<IHostPicker>();
            LocalityDegraded = Array.Empty<IHostPicker>();
            if (!localityWeighted || set.Localities.IsEmpty)
            {
                return;
            }

            var count = set.Localities.Length;
            LocalityHealthy = new IHostPicker[count];
            LocalityDegraded = new IHostPicker[count];
            var healthyWeights = new double[count];
            var degradedWeights = new double[count];
            for (var i = 0; i < count; i++)
            {
                var locality = set.Localities[i];
                LocalityHealthy[i] = Picker(locality.HealthyHosts, createPicker);
                LocalityDegraded[i] = Picker(locality.DegradedHosts, createPicker);
                healthyWeights[i] = EffectiveWeight(locality, locality.HealthyHosts.Length, set.OverprovisioningFactor);
                degradedWeights[i] = EffectiveWeight(locality, locality.DegradedHosts.Length, set.OverprovisioningFactor);
            }

            HealthyLocalities = StaticSchedule.Create(healthyWeights, seed);
            DegradedLocalities = StaticSchedule.Create(degradedWeights, seed);
        }

        public bool Panic { get; }

        public IHostPicker All { get; }

        public IHostPicker Healthy { get; }

        public IHostPicker Degraded { get; }

        public IHostPicker[] LocalityHealthy { get; }

        public IHostPicker[] LocalityDegraded { get; }

        public StaticSchedule? HealthyLocalities { get; }

        public StaticSchedule? DegradedLocalities { get; }

        /// <summary>
        /// Envoy's <c>HostSetImpl::effectiveLocalityWeight</c>: weight × min(1, overprovisioning × eligible / hosts),
        /// so a locality losing hosts sheds load to the others before its hosts are overloaded.
        /// </summary>
        private static double EffectiveWeight(LocalityHosts locality, int eligible, uint overprovisioningFactor)
        {
            var hostCount = locality.Hosts.Length - locality.ExcludedCount;
            if (hostCount <= 0 || locality.Weight == 0)
            {
                return 0;
            }

            var availability = Math.Min(1.0, overprovisioningFactor / 100.0 * eligible / hostCount);
            return locality.Weight * availability;
        }
    }
}
