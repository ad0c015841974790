using Proxy.Tests.Upstream.TestSupport;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;
using Proxy.Upstream.LoadBalancing;
using static Proxy.Tests.Upstream.TestSupport.TestHosts;

namespace Proxy.Tests.Upstream.LoadBalancing;

/// <summary>
/// Ring hash as Envoy builds it. The exact expectations come from Envoy's own ring_hash_lb_test.cc (same hosts,
/// same minimum ring size, same request hashes), so our ring is Envoy's ring.
/// </summary>
public sealed class RingHashLoadBalancerTests
{
    private static readonly Random Random = new(7);

    [Fact]
    public void SameRingAsEnvoy()
    {
        var set = Ports(90, 91, 92, 93, 94, 95);
        var lb = new RingHashLoadBalancer(set, Settings(minimumRing: 12));
        var hosts = set.HostSets[0].Hosts;

        Assert.Equal(12, lb.Ring(0).Size);
        Assert.All(hosts, h => Assert.Equal(2, lb.Ring(0).Entries.Count(e => e == h)));
        Assert.Same(hosts[4], Choose(lb, 0));
        Assert.Same(hosts[4], Choose(lb, ulong.MaxValue));
        Assert.Same(hosts[5], Choose(lb, 3551244743356806947));
        Assert.Same(hosts[3], Choose(lb, 3551244743356806948));
        Assert.Same(hosts[0], Choose(lb, 16117243373044804880));
    }

    [Fact]
    public void SameRingAsEnvoyWithMurmurHash2()
    {
        var set = Ports(80, 81, 82, 83, 84, 85);
        var lb = new RingHashLoadBalancer(set, Settings(minimumRing: 12, function: RingHashFunction.MurmurHash2));
        var hosts = set.HostSets[0].Hosts;

        Assert.Same(hosts[5], Choose(lb, 0));
        Assert.Same(hosts[5], Choose(lb, ulong.MaxValue));
        Assert.Same(hosts[5], Choose(lb, 1358027074129602068));
        Assert.Same(hosts[3], Choose(lb, 1358027074129602069));
        Assert.Same(hosts[2], Choose(lb, 10150910876324007730));
    }

    [Fact]
    public void SameRingAsEnvoyWhenHashingHostnames()
    {
        var set = Set(Locality(0, Enumerable.Range(90, 6).Select(p => Endpoint($"127.0.0.1:{p}", hostname: p.ToString())).ToArray()));
        var lb = new RingHashLoadBalancer(set, Settings(minimumRing: 12) with { UseHostnameForHashing = true });
        var hosts = set.HostSets[0].Hosts;

        Assert.Same(hosts[5], Choose(lb, 0));
        Assert.Same(hosts[2], Choose(lb, 7225015537174310577));
        Assert.Same(hosts[3], Choose(lb, 6803900775736438537));
    }

    [Fact]
    public void PanicUsesAllHostsOnTheRing()
    {
        var set = Set(Locality(0, Enumerable.Range(90, 6).Select(p => Endpoint($"127.0.0.1:{p}", status: EndpointHealthStatus.Unhealthy)).ToArray()));
        var lb = new RingHashLoadBalancer(set, Settings(minimumRing: 12));
        Assert.True(set.Load.Panic[0]);
        Assert.Same(set.HostSets[0].Hosts[4], Choose(lb, 0));
    }

    [Fact]
    public void FailsOverToTheNextPriorityByTheHash()
    {
        // P0: one of two hosts healthy → 70% load; P1 takes 30%. The hash picks the priority (hash % 100 + 1).
        var set = Set(
            Locality(0, Endpoint("127.0.0.1:80"), Endpoint("127.0.0.1:81", status: EndpointHealthStatus.Unhealthy)),
            Locality(1, Endpoint("127.0.0.1:82")));
        var lb = new RingHashLoadBalancer(set, Settings(minimumRing: 12));
        Assert.Same(set.HostSets[0].Hosts[0], Choose(lb, 69));
        Assert.Same(set.HostSets[1].Hosts[0], Choose(lb, 71));
    }

    [Fact]
    public void SameHashSameHostAcrossRebuilds()
    {
        var first = new RingHashLoadBalancer(Many(20), Settings());
        var second = new RingHashLoadBalancer(Many(20), Settings());
        for (ulong hash = 0; hash < 2000; hash++)
        {
            var key = hash * 0x9E3779B97F4A7C15UL;
            Assert.Equal(Choose(first, key)!.AddressString, Choose(second, key)!.AddressString);
        }
    }

    [Fact]
    public void RingSizeFollowsEnvoysScale()
    {
        // Three equal hosts, minimum 1024: each gets ceil(1024/3) = 342 entries.
        var lb = new RingHashLoadBalancer(Many(3), Settings());
        Assert.Equal(1026, lb.Ring(0).Size);

        // The maximum caps the ring.
        Assert.Equal(10, new RingHashLoadBalancer(Many(3), Settings(minimumRing: 1024, maximumRing: 10)).Ring(0).Size);
    }

    [Fact]
    public void WeightsSetTheShareOfTheRing()
    {
        var set = Set(Locality(0, Endpoint("10.0.0.1:80", weight: 1), Endpoint("10.0.0.2:80", weight: 3)));
        var lb = new RingHashLoadBalancer(set, Settings());
        var light = set.HostSets[0].Hosts[0];
        Assert.Equal(256, lb.Ring(0).Entries.Count(h => h == light));
        Assert.Equal(1024, lb.Ring(0).Size);

        // Traffic follows: about a quarter of uniformly spread hashes (tolerance ±4 points).
        var share = Share(lb, light, 20000);
        Assert.InRange(share, 0.21, 0.29);
    }

    [Fact]
    public void AddingOrRemovingOneHostMovesAboutOneNthOfTheKeys()
    {
        // N = 10 → 11. The new host takes about 1/11 ≈ 9.1% of the keys (accept 6%–12%). Envoy also rescales
        // every host's entry count (ceil(1024/10) = 103 → ceil(1024/11) = 94), so some keys move between old
        // hosts too: in total at most 2/N (20%).
        var before = new RingHashLoadBalancer(Many(10), Settings());
        var grown = Many(11);
        var after = new RingHashLoadBalancer(grown, Settings());
        Assert.InRange(Share(after, grown.AllHosts[10], 20000), 0.06, 0.12);
        Assert.InRange(MovedFraction(before, after, 20000), 0.06, 0.20);

        // N = 10 → 9: the removed host's ~10% of keys move, plus the rescale; at most 2/N.
        Assert.InRange(MovedFraction(before, new RingHashLoadBalancer(Many(9), Settings()), 20000), 0.07, 0.22);
    }

    [Fact]
    public void RetryAvoidsTheHostOnTheNextRingEntry()
    {
        var set = Ports(90, 91, 92, 93, 94, 95);
        var lb = new RingHashLoadBalancer(set, Settings(minimumRing: 12));
        var first = Choose(lb, 0)!;
        var retry = lb.ChooseHost(new LoadBalancerContext(Random, 0, avoidHost: first, hostSelectionRetryCount: 1));
        Assert.NotSame(first, retry);
    }

    [Fact]
    public void NoHostsNoPick()
    {
        Assert.Null(new RingHashLoadBalancer(PrioritySet.Empty, Settings()).ChooseHost(new LoadBalancerContext(Random, 1)));
    }

    internal static double Share(ILoadBalancer lb, Host host, int samples)
    {
        var hits = 0;
        for (var i = 0; i < samples; i++)
        {
            if (ReferenceEquals(Choose(lb, Spread(i)), host))
            {
                hits++;
            }
        }

        return (double)hits / samples;
    }

    internal static double MovedFraction(ILoadBalancer before, ILoadBalancer after, int samples)
    {
        var moved = 0;
        for (var i = 0; i < samples; i++)
        {
            if (Choose(before, Spread(i))!.AddressString != Choose(after, Spread(i))!.AddressString)
            {
                moved++;
            }
        }

        return (double)moved / samples;
    }

    /// <summary>Request hashes spread over the 64-bit space (a fixed sequence, not random, so tests are repeatable).</summary>
    internal static ulong Spread(int i) => Proxy.Hashing.XxHash64.Hash(BitConverter.GetBytes(i));

    internal static Host? Choose(ILoadBalancer lb, ulong hash) => lb.ChooseHost(new LoadBalancerContext(Random, hash));

    private static LoadBalancerSettings Settings(ulong minimumRing = 1024, ulong maximumRing = RingHashSettings.MaxRingSize,
        RingHashFunction function = RingHashFunction.XxHash) =>
        LoadBalancerSettings.Default with
        {
            Kind = LoadBalancerKind.RingHash,
            RingHash = new RingHashSettings { MinimumRingSize = minimumRing, MaximumRingSize = maximumRing, HashFunction = function },
        };
}
