using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;
using static Proxy.Tests.Upstream.TestSupport.TestHosts;

namespace Proxy.Tests.Upstream.Hosts;

/// <summary>Envoy's priority load, spill-over and panic computation (load_balancer_impl.cc).</summary>
public sealed class PrioritySetTests
{
    [Fact]
    public void AllHealthyPriorityZeroTakesEverything()
    {
        var set = Set(Locality(0, Healthy(4)), Locality(1, Healthy(4, 10)));
        Assert.Equal([100, 0], set.Load.Healthy.ToArray());
        Assert.Equal([0, 0], set.Load.Degraded.ToArray());
        Assert.Equal([false, false], set.Load.Panic.ToArray());
    }

    [Fact]
    public void LoadSpillsToTheNextPriorityScaledByOverprovisioning()
    {
        // 2 of 4 healthy: 1.4 × 50% = 70% stays at P0, 30% spills to P1.
        var set = Set(Locality(0, Mixed(2, 2)), Locality(1, Healthy(4, 10)));
        Assert.Equal([70, 30], set.Load.Healthy.ToArray());

        // 3 of 4 healthy: 1.4 × 75% = 105%, capped at 100.
        set = Set(Locality(0, Mixed(3, 1)), Locality(1, Healthy(4, 10)));
        Assert.Equal([100, 0], set.Load.Healthy.ToArray());

        // Nothing healthy at P0.
        set = Set(Locality(0, Mixed(0, 4)), Locality(1, Healthy(4, 10)));
        Assert.Equal([0, 100], set.Load.Healthy.ToArray());
    }

    [Fact]
    public void OverprovisioningFactorComesFromTheAssignment()
    {
        var assignment = Assignment(Locality(0, Mixed(2, 2)), Locality(1, Healthy(4, 10))) with { OverprovisioningFactor = 100 };
        var set = HostSetBuilder.Update(null, assignment, 50);
        Assert.Equal([50, 50], set.Load.Healthy.ToArray());
    }

    [Fact]
    public void DegradedHostsTakeWhatHealthyOnesCannot()
    {
        var endpoints = new[]
        {
            Endpoint("10.0.0.1:80"), Endpoint("10.0.0.2:80"),
            Endpoint("10.0.0.3:80", status: EndpointHealthStatus.Degraded), Endpoint("10.0.0.4:80", status: EndpointHealthStatus.Degraded),
        };
        var set = Set(Locality(0, endpoints));
        Assert.Equal([70], set.Load.Healthy.ToArray());
        Assert.Equal([30], set.Load.Degraded.ToArray());
        Assert.Equal((0, HostAvailability.Healthy), set.Load.Choose(69));
        Assert.Equal((0, HostAvailability.Degraded), set.Load.Choose(70));
    }

    [Fact]
    public void PanicWhenHealthyShareIsBelowTheThreshold()
    {
        // 1 of 4 healthy = 25% < 50%: panic; alone, the priority is in total panic and keeps all the load.
        var set = Set(Locality(0, Mixed(1, 3)));
        Assert.True(set.Load.Panic[0]);
        Assert.Equal([100], set.Load.Healthy.ToArray());

        // 2 of 4 = 50% is not below the threshold.
        Assert.False(Set(Locality(0, Mixed(2, 2))).Load.Panic[0]);
    }

    [Fact]
    public void NoPanicWhenTotalAvailabilityIsComplete()
    {
        // P0 is 25% healthy, but P1 brings the total to 100%: Envoy never panics then.
        var set = Set(Locality(0, Mixed(1, 3)), Locality(1, Healthy(4, 10)));
        Assert.Equal([false, false], set.Load.Panic.ToArray());
        Assert.Equal([35, 65], set.Load.Healthy.ToArray());
    }

    [Fact]
    public void TotalPanicSpreadsLoadByHostCount()
    {
        var set = Set(Locality(0, Mixed(0, 3)), Locality(1, Mixed(0, 1, 10)));
        Assert.Equal([true, true], set.Load.Panic.ToArray());
        Assert.Equal([75, 25], set.Load.Healthy.ToArray());
    }

    [Fact]
    public void ZeroPanicThresholdDisablesPanic()
    {
        var set = HostSetBuilder.Update(null, Assignment(Locality(0, Mixed(0, 4))), healthyPanicThreshold: 0);
        Assert.False(set.Load.Panic[0]);
        Assert.Equal([100], set.Load.Healthy.ToArray());
    }

    [Fact]
    public void ExcludedHostsDoNotCount()
    {
        var set = Set(Locality(0, Healthy(2)));
        set.AllHosts[1].SetHealthFlags(HostHealthFlags.PendingActiveHealthCheck | HostHealthFlags.FailedActiveHealthCheck);
        set = set.RefreshHealth();

        // One host counts, and it is healthy: no panic, full load.
        Assert.False(set.Load.Panic[0]);
        Assert.Equal([100], set.Load.Healthy.ToArray());
        Assert.Single(set.HostSets[0].HealthyHosts);
    }

    [Fact]
    public void RefreshHealthRepartitionsTheSameHosts()
    {
        var set = Set(Locality(0, Healthy(2)));
        var host = set.AllHosts[0];
        host.SetHealthFlags(HostHealthFlags.FailedOutlierCheck);
        Assert.Equal(2, set.HostSets[0].HealthyHosts.Length);

        var refreshed = set.RefreshHealth();
        Assert.DoesNotContain(host, refreshed.HostSets[0].HealthyHosts);
        Assert.Same(host, refreshed.FindHost(host.AddressString));

        host.ClearHealthFlags(HostHealthFlags.FailedOutlierCheck);
        Assert.Contains(host, refreshed.RefreshHealth().HostSets[0].HealthyHosts);
    }

    [Fact]
    public void WeightedPriorityHealthUsesWeights()
    {
        var endpoints = new[] { Endpoint("10.0.0.1:80", weight: 3), Endpoint("10.0.0.2:80", weight: 1, status: EndpointHealthStatus.Unhealthy) };
        var assignment = Assignment(Locality(0, endpoints), Locality(1, Healthy(1, 10))) with { WeightedPriorityHealth = true };
        var set = HostSetBuilder.Update(null, assignment, 50);

        // 3 of 4 by weight × 1.4 = 105% → 100; by count it would have been 70%.
        Assert.Equal([100, 0], set.Load.Healthy.ToArray());
    }

    private static EndpointConfig[] Healthy(int count, int first = 1) => Mixed(count, 0, first);

    private static EndpointConfig[] Mixed(int healthy, int unhealthy, int first = 1) =>
        Enumerable.Range(first, healthy + unhealthy)
            .Select(i => Endpoint($"10.0.0.{i}:80", status: i - first < healthy ? EndpointHealthStatus.Healthy : EndpointHealthStatus.Unhealthy))
            .ToArray();
}
