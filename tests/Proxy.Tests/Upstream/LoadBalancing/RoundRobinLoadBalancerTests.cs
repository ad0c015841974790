using Proxy.Tests.Upstream.TestSupport;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;
using Proxy.Upstream.LoadBalancing;
using static Proxy.Tests.Upstream.TestSupport.TestHosts;

namespace Proxy.Tests.Upstream.LoadBalancing;

public sealed class RoundRobinLoadBalancerTests
{
    [Fact]
    public void EqualWeightsRotateThroughEveryHost()
    {
        var set = Many(5);
        var lb = new RoundRobinLoadBalancer(set, LoadBalancerSettings.Default, new Random(3));
        var context = new LoadBalancerContext(new Random(4));
        var first = Enumerable.Range(0, 5).Select(_ => lb.ChooseHost(context)!).ToList();
        var second = Enumerable.Range(0, 5).Select(_ => lb.ChooseHost(context)!).ToList();

        Assert.Equal(5, first.Distinct().Count());
        Assert.Equal(first, second);
        var start = set.HostSets[0].Hosts.IndexOf(first[0]);
        Assert.Equal(set.HostSets[0].Hosts[(start + 1) % 5], first[1]);
    }

    [Fact]
    public void StartOffsetIsRandom()
    {
        var set = Many(5);
        var firsts = Enumerable.Range(0, 20)
            .Select(seed => new RoundRobinLoadBalancer(set, LoadBalancerSettings.Default, new Random(seed)).ChooseHost(new LoadBalancerContext(new Random(1)))!)
            .Distinct()
            .Count();
        Assert.True(firsts > 1);
    }

    [Fact]
    public void WeightedHostsGetTheirExactShareEveryPeriod()
    {
        var set = Set(Locality(0, Endpoint("10.0.0.1:80", weight: 1), Endpoint("10.0.0.2:80", weight: 2), Endpoint("10.0.0.3:80", weight: 3)));
        var lb = new RoundRobinLoadBalancer(set, LoadBalancerSettings.Default, new Random(5));
        var context = new LoadBalancerContext(new Random(6));
        var counts = Count(() => lb.ChooseHost(context), 600);

        Assert.Equal(100, counts[set.AllHosts[0]]);
        Assert.Equal(200, counts[set.AllHosts[1]]);
        Assert.Equal(300, counts[set.AllHosts[2]]);
    }

    [Fact]
    public void UnhealthyHostsAreSkipped()
    {
        var set = Set(Locality(0,
            Endpoint("10.0.0.1:80"), Endpoint("10.0.0.2:80"), Endpoint("10.0.0.3:80"),
            Endpoint("10.0.0.4:80", status: EndpointHealthStatus.Unhealthy)));
        var lb = new RoundRobinLoadBalancer(set, LoadBalancerSettings.Default, new Random(1));
        var counts = Count(() => lb.ChooseHost(new LoadBalancerContext(Random.Shared)), 30);
        Assert.DoesNotContain(set.AllHosts[3], counts.Keys);
        Assert.All(counts.Values, c => Assert.Equal(10, c));
    }

    [Fact]
    public void PanicBalancesOverAllHostsOfThePriority()
    {
        var set = Set(Locality(0, Endpoint("10.0.0.1:80"),
            Endpoint("10.0.0.2:80", status: EndpointHealthStatus.Unhealthy),
            Endpoint("10.0.0.3:80", status: EndpointHealthStatus.Unhealthy),
            Endpoint("10.0.0.4:80", status: EndpointHealthStatus.Unhealthy)));
        var lb = new RoundRobinLoadBalancer(set, LoadBalancerSettings.Default, new Random(1));
        Assert.Equal(4, Count(() => lb.ChooseHost(new LoadBalancerContext(Random.Shared)), 40).Count);
    }

    [Fact]
    public void FailTrafficOnPanicPicksNothing()
    {
        var set = Set(Locality(0, Endpoint("10.0.0.1:80", status: EndpointHealthStatus.Unhealthy)));
        var settings = LoadBalancerSettings.Default with { ZoneAware = new ZoneAwareSettings { FailTrafficOnPanic = true } };
        Assert.Null(new RoundRobinLoadBalancer(set, settings, new Random(1)).ChooseHost(new LoadBalancerContext(Random.Shared)));
    }

    [Fact]
    public void NoHealthyHostAndPanicDisabledPicksNothing()
    {
        var set = HostSetBuilder.Update(null, Assignment(Locality(0, Endpoint("10.0.0.1:80", status: EndpointHealthStatus.Unhealthy))), 0);
        Assert.Null(new RoundRobinLoadBalancer(set, LoadBalancerSettings.Default, new Random(1)).ChooseHost(new LoadBalancerContext(Random.Shared)));
        Assert.Null(new RoundRobinLoadBalancer(PrioritySet.Empty, LoadBalancerSettings.Default, new Random(1)).ChooseHost(new LoadBalancerContext(Random.Shared)));
    }

    [Fact]
    public void PrioritySpillOverSendsTheRestToTheNextPriority()
    {
        // P0 has 2 of 4 healthy → 70% of picks; P1 gets 30%.
        var set = Set(
            Locality(0, Endpoint("10.0.0.1:80"), Endpoint("10.0.0.2:80"),
                Endpoint("10.0.0.3:80", status: EndpointHealthStatus.Unhealthy), Endpoint("10.0.0.4:80", status: EndpointHealthStatus.Unhealthy)),
            Locality(1, Endpoint("10.0.1.1:80")));
        var lb = new RoundRobinLoadBalancer(set, LoadBalancerSettings.Default, new Random(1));
        var context = new LoadBalancerContext(new Random(9));
        var counts = Count(() => lb.ChooseHost(context), 10000);
        var p1 = counts.GetValueOrDefault(set.HostSets[1].Hosts[0]);
        Assert.InRange(p1, 2700, 3300);

        // The priority choice is hash % 100 + 1 against the cumulative load: 69 → P0, 70 → P1.
        Assert.Equal(0, lb.ChooseHost(new LoadBalancerContext(new FixedRandom(69)))!.Priority);
        Assert.Equal(1, lb.ChooseHost(new LoadBalancerContext(new FixedRandom(70)))!.Priority);
    }

    [Fact]
    public void DegradedHostsAreUsedWhenHealthyOnesAreNotEnough()
    {
        var set = Set(Locality(0, Endpoint("10.0.0.1:80", status: EndpointHealthStatus.Degraded), Endpoint("10.0.0.2:80", status: EndpointHealthStatus.Degraded)));
        var lb = new RoundRobinLoadBalancer(set, LoadBalancerSettings.Default, new Random(1));
        Assert.Equal(2, Count(() => lb.ChooseHost(new LoadBalancerContext(Random.Shared)), 10).Count);
    }

    [Fact]
    public void LocalityWeightsSplitTraffic()
    {
        var set = Set(
            Locality("a", 1, 0, Endpoint("10.0.0.1:80"), Endpoint("10.0.0.2:80")),
            Locality("b", 3, 0, Endpoint("10.0.1.1:80")));
        var settings = LoadBalancerSettings.Default with { LocalityWeighted = true };
        var lb = new RoundRobinLoadBalancer(set, settings, new Random(1));
        var counts = Count(() => lb.ChooseHost(new LoadBalancerContext(Random.Shared)), 400);
        Assert.Equal(300, counts[set.FindHost("10.0.1.1:80")!]);
        Assert.Equal(50, counts[set.FindHost("10.0.0.1:80")!]);
    }

    [Fact]
    public void LocalityWeightShrinksWithItsAvailability()
    {
        // Locality b has 1 of 2 hosts healthy: effective weight 1 × min(1, 1.4 × 0.5) = 0.7 against a's 1.
        var set = Set(
            Locality("a", 1, 0, Endpoint("10.0.0.1:80"), Endpoint("10.0.0.2:80")),
            Locality("b", 1, 0, Endpoint("10.0.1.1:80"), Endpoint("10.0.1.2:80", status: EndpointHealthStatus.Unhealthy)));
        var lb = new RoundRobinLoadBalancer(set, LoadBalancerSettings.Default with { LocalityWeighted = true }, new Random(1));
        var counts = Count(() => lb.ChooseHost(new LoadBalancerContext(Random.Shared)), 1700);
        Assert.InRange(counts[set.FindHost("10.0.1.1:80")!], 690, 710);
    }

    [Fact]
    public void RetryAvoidsThePreviousHost()
    {
        var set = Many(2);
        var lb = new RoundRobinLoadBalancer(set, LoadBalancerSettings.Default, new Random(1));
        var avoid = set.AllHosts[0];
        for (var i = 0; i < 10; i++)
        {
            Assert.Same(set.AllHosts[1], lb.ChooseHost(new LoadBalancerContext(Random.Shared, avoidHost: avoid, hostSelectionRetryCount: 1)));
        }

        // One host only: the last pick is used even if it is the one to avoid, as Envoy.
        var single = Many(1);
        var only = new RoundRobinLoadBalancer(single, LoadBalancerSettings.Default, new Random(1));
        Assert.Same(single.AllHosts[0], only.ChooseHost(new LoadBalancerContext(Random.Shared, avoidHost: single.AllHosts[0])));
    }

    [Fact]
    public void ClientSideWeightedRoundRobinBalancesAsRoundRobin()
    {
        var lb = LoadBalancerFactory.Create(LoadBalancerSettings.Default with { Kind = LoadBalancerKind.ClientSideWeightedRoundRobin }, Many(3), new Random(1));
        Assert.IsType<RoundRobinLoadBalancer>(lb);
        Assert.IsType<ClusterProvidedLoadBalancer>(LoadBalancerFactory.Create(LoadBalancerSettings.Default with { Kind = LoadBalancerKind.ClusterProvided }, Many(3), new Random(1)));
        Assert.Null(ClusterProvidedLoadBalancer.Instance.ChooseHost(new LoadBalancerContext(Random.Shared)));
    }
}
