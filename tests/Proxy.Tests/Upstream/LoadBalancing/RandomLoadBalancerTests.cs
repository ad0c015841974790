using Proxy.Upstream.Config;
using Proxy.Upstream.LoadBalancing;
using static Proxy.Tests.Upstream.TestSupport.TestHosts;

namespace Proxy.Tests.Upstream.LoadBalancing;

public sealed class RandomLoadBalancerTests
{
    [Fact]
    public void PicksUniformlyAndIgnoresWeights()
    {
        // Envoy's random balancer does not look at weights.
        var set = Set(Locality(0, Endpoint("10.0.0.1:80"), Endpoint("10.0.0.2:80"), Endpoint("10.0.0.3:80", weight: 10)));
        var lb = new RandomLoadBalancer(set, LoadBalancerSettings.Default with { Kind = LoadBalancerKind.Random }, new Random(1));
        var context = new LoadBalancerContext(new Random(42));
        var counts = Count(() => lb.ChooseHost(context), 9000);

        Assert.All(set.AllHosts, h => Assert.InRange(counts[h], 2700, 3300));
    }

    [Fact]
    public void SameRandomnessSamePicks()
    {
        var set = Many(10);
        var lb = new RandomLoadBalancer(set, LoadBalancerSettings.Default, new Random(1));
        var first = new LoadBalancerContext(new Random(5));
        var second = new LoadBalancerContext(new Random(5));
        for (var i = 0; i < 50; i++)
        {
            Assert.Same(lb.ChooseHost(first), lb.ChooseHost(second));
        }
    }

    [Fact]
    public void ADefaultContextStillPicks()
    {
        var lb = new RandomLoadBalancer(Many(3), LoadBalancerSettings.Default, new Random(1));
        Assert.NotNull(lb.ChooseHost(default));
    }
}
