using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;
using Proxy.Upstream.LoadBalancing;
using static Proxy.Tests.Upstream.TestSupport.TestHosts;

namespace Proxy.Tests.Upstream.LoadBalancing;

public sealed class LeastRequestLoadBalancerTests
{
    private static readonly LoadBalancerSettings Settings = LoadBalancerSettings.Default with { Kind = LoadBalancerKind.LeastRequest };

    [Fact]
    public void TheHostWithFewerActiveRequestsWinsWhenBothAreSampled()
    {
        var set = Many(2);
        var busy = set.AllHosts[0];
        var idle = set.AllHosts[1];
        for (var i = 0; i < 5; i++)
        {
            busy.IncrementActiveRequests();
        }

        var lb = new LeastRequestLoadBalancer(set, Settings, new Random(1));
        var context = new LoadBalancerContext(new Random(2));
        var counts = Count(() => lb.ChooseHost(context), 4000);

        // Two samples with replacement: the busy host wins only when sampled twice (1/4 of picks).
        Assert.InRange(counts.GetValueOrDefault(busy) / 4000.0, 0.22, 0.28);
        Assert.InRange(counts[idle] / 4000.0, 0.72, 0.78);
    }

    [Fact]
    public void MoreChoicesFindTheLeastLoadedMoreOften()
    {
        var set = Many(2);
        set.AllHosts[0].IncrementActiveRequests();
        var lb = new LeastRequestLoadBalancer(set, Settings with { LeastRequest = new LeastRequestSettings { ChoiceCount = 8 } }, new Random(1));
        var context = new LoadBalancerContext(new Random(2));
        var counts = Count(() => lb.ChooseHost(context), 1000);
        Assert.True(counts.GetValueOrDefault(set.AllHosts[0]) < 20);
    }

    [Fact]
    public void FullScanAlwaysTakesTheLeastLoaded()
    {
        var set = Many(4);
        foreach (var host in set.AllHosts.Where(h => h != set.AllHosts[2]))
        {
            host.IncrementActiveRequests();
        }

        var lb = new LeastRequestLoadBalancer(set,
            Settings with { LeastRequest = new LeastRequestSettings { SelectionMethod = LeastRequestSelectionMethod.FullScan } }, new Random(1));
        for (var i = 0; i < 50; i++)
        {
            Assert.Same(set.AllHosts[2], lb.ChooseHost(new LoadBalancerContext(Random.Shared)));
        }
    }

    [Fact]
    public void ActiveRequestsGoDownAgain()
    {
        var host = Many(1).AllHosts[0];
        host.IncrementActiveRequests();
        host.IncrementActiveRequests();
        host.DecrementActiveRequests();
        Assert.Equal(1, host.ActiveRequests);
        Assert.Equal(1, host.Stats.RqActive);
    }

    [Fact]
    public void DifferentWeightsUseEdfOnWeightOverActiveRequests()
    {
        // A: weight 1, idle → 1/1. B: weight 2, 3 active → 2/(3+1) = 0.5. A is picked twice as often.
        var set = Set(Locality(0, Endpoint("10.0.0.1:80", weight: 1), Endpoint("10.0.0.2:80", weight: 2)));
        var b = set.AllHosts[1];
        for (var i = 0; i < 3; i++)
        {
            b.IncrementActiveRequests();
        }

        var lb = new LeastRequestLoadBalancer(set, Settings, new Random(1));
        var counts = Count(() => lb.ChooseHost(new LoadBalancerContext(Random.Shared)), 300);
        Assert.InRange(counts[set.AllHosts[0]], 199, 201);
    }

    [Fact]
    public void ZeroBiasIsPlainWeightedRoundRobin()
    {
        var set = Set(Locality(0, Endpoint("10.0.0.1:80", weight: 1), Endpoint("10.0.0.2:80", weight: 2)));
        set.AllHosts[1].IncrementActiveRequests();
        var lb = new LeastRequestLoadBalancer(set,
            Settings with { LeastRequest = new LeastRequestSettings { ActiveRequestBias = 0 } }, new Random(1));
        var counts = Count(() => lb.ChooseHost(new LoadBalancerContext(Random.Shared)), 300);
        Assert.InRange(counts[set.AllHosts[1]], 199, 201);
    }
}
