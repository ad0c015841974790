using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Google.Protobuf.WellKnownTypes;
using Proxy.Tests.Upstream.TestSupport;
using Proxy.Upstream.Config;
using Proxy.Upstream.Dns;
using Proxy.Upstream.Hosts;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace Proxy.Tests.Upstream.Dns;

/// <summary>DNS refresh with a fake resolver and a fake clock: no sleeps, every step explicit.</summary>
public sealed class DnsClusterResolverTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeDnsResolver _dns = new();
    private readonly List<PrioritySet> _published = new();

    [Fact]
    public void StrictDnsMakesEveryAddressOfEveryNameAHost()
    {
        _dns.Answer("a.local", "10.0.0.1", "10.0.0.2");
        _dns.Answer("b.local", "10.0.1.1");
        using var resolver = Start(DnsCluster(Cluster.Types.DiscoveryType.StrictDns, ("a.local", 80, 1u), ("b.local", 8080, 5u)));

        Assert.True(resolver.Initialized.IsCompletedSuccessfully);
        var hosts = resolver.Current.AllHosts;
        Assert.Equal(["10.0.0.1:80", "10.0.0.2:80", "10.0.1.1:8080"], hosts.Select(h => h.AddressString).ToArray());
        Assert.Equal("a.local", hosts[0].Hostname);
        Assert.Equal(5u, hosts[2].Weight);
        Assert.Same(resolver.Current, _published[^1]);
        Assert.All(_dns.Queries, q => Assert.Equal(DnsLookupFamily.V4Only, q.Family));
    }

    [Fact]
    public void RefreshesAtTheRefreshRateAndKeepsHostIdentity()
    {
        _dns.Answer("a.local", "10.0.0.1", "10.0.0.2");
        using var resolver = Start(DnsCluster(Cluster.Types.DiscoveryType.StrictDns, ("a.local", 80, 1u)));
        var kept = resolver.Current.FindHost("10.0.0.1:80");

        _dns.Answer("a.local", "10.0.0.1", "10.0.0.3");
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, _dns.QueriesFor("a.local"));

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(2, _dns.QueriesFor("a.local"));
        Assert.Equal(["10.0.0.1:80", "10.0.0.3:80"], resolver.Current.AllHosts.Select(h => h.AddressString).ToArray());
        Assert.Same(kept, resolver.Current.FindHost("10.0.0.1:80"));
        Assert.Equal(2, _published.Count);
    }

    [Fact]
    public void SameAnswerInAnotherOrderPublishesNothing()
    {
        _dns.Answer("a.local", "10.0.0.1", "10.0.0.2");
        using var resolver = Start(DnsCluster(Cluster.Types.DiscoveryType.StrictDns, ("a.local", 80, 1u)));

        _dns.Answer("a.local", "10.0.0.2", "10.0.0.1");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, _dns.QueriesFor("a.local"));
        Assert.Single(_published);
    }

    [Fact]
    public void FailureKeepsTheLastHostsAndRetriesAtTheFailureRate()
    {
        _dns.Answer("a.local", "10.0.0.1");
        var cluster = DnsCluster(Cluster.Types.DiscoveryType.StrictDns, ("a.local", 80, 1u));
        cluster.DnsFailureRefreshRate = new Cluster.Types.RefreshRate
        {
            BaseInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
            MaxInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(4)),
        };
        using var resolver = Start(cluster);

        _dns.Fail("a.local");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, _dns.QueriesFor("a.local"));
        Assert.Equal("10.0.0.1:80", Assert.Single(resolver.Current.AllHosts).AddressString);

        // Jittered back-off below the base interval (1s) first: one more query within a second.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, _dns.QueriesFor("a.local"));
        Assert.All(_time.PendingTimers, t => Assert.True(t < TimeSpan.FromSeconds(2)));

        // Success again: back to the refresh rate, with the new hosts.
        _dns.Answer("a.local", "10.0.0.9");
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("10.0.0.9:80", Assert.Single(resolver.Current.AllHosts).AddressString);
        Assert.InRange(Assert.Single(_time.PendingTimers), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void WithoutFailureRefreshRateFailuresRetryAtTheRefreshRate()
    {
        _dns.Fail("a.local");
        using var resolver = Start(DnsCluster(Cluster.Types.DiscoveryType.StrictDns, ("a.local", 80, 1u)));

        Assert.True(resolver.Initialized.IsCompletedSuccessfully);
        Assert.Empty(resolver.Current.AllHosts);
        Assert.Equal([TimeSpan.FromSeconds(5)], _time.PendingTimers.ToArray());
    }

    [Fact]
    public void RespectDnsTtlRefreshesAfterTheTtl()
    {
        _dns.AnswerWithTtl("a.local", TimeSpan.FromSeconds(30), "10.0.0.1");
        var cluster = DnsCluster(Cluster.Types.DiscoveryType.StrictDns, ("a.local", 80, 1u));
        cluster.RespectDnsTtl = true;
        using var resolver = Start(cluster);
        Assert.Equal([TimeSpan.FromSeconds(30)], _time.PendingTimers.ToArray());
    }

    [Fact]
    public void EmptyAnswerRemovesTheHostsOfAStrictDnsName()
    {
        _dns.Answer("a.local", "10.0.0.1");
        using var resolver = Start(DnsCluster(Cluster.Types.DiscoveryType.StrictDns, ("a.local", 80, 1u)));

        _dns.Answer("a.local");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(resolver.Current.AllHosts);
    }

    [Fact]
    public void InitializedWaitsForEveryName()
    {
        _dns.Answer("a.local", "10.0.0.1");
        var cluster = DnsCluster(Cluster.Types.DiscoveryType.StrictDns, ("a.local", 80, 1u), ("b.local", 80, 1u));
        var resolver = new DnsClusterResolver(ClusterTranslator.Translate(cluster), new GatedResolver(_dns, "b.local"), _time,
            new Random(1), _published.Add);
        using (resolver)
        {
            resolver.Start();
            Assert.False(resolver.Initialized.IsCompleted);
        }
    }

    [Fact]
    public void LogicalDnsUsesOnlyTheFirstAddressAsOneStableHost()
    {
        _dns.Answer("a.local", "10.0.0.1", "10.0.0.2");
        using var resolver = Start(DnsCluster(Cluster.Types.DiscoveryType.LogicalDns, ("a.local", 80, 1u)));

        var host = Assert.Single(resolver.Current.AllHosts);
        Assert.Equal("10.0.0.1:80", host.AddressString);
        Assert.Equal("a.local", host.Hostname);

        // A new first address replaces the host's address in place; the host object stays.
        _dns.Answer("a.local", "10.0.0.7", "10.0.0.1");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Same(host, Assert.Single(resolver.Current.AllHosts));
        Assert.Equal("10.0.0.7:80", host.AddressString);
        Assert.Equal("10.0.0.7:80", host.Address.ToString());
        Assert.Same(host, resolver.Current.FindHost("10.0.0.7:80"));

        // An empty answer keeps the logical host.
        _dns.Answer("a.local");
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Same(host, Assert.Single(resolver.Current.AllHosts));
    }

    [Fact]
    public void DisposeStopsRefreshing()
    {
        _dns.Answer("a.local", "10.0.0.1");
        var resolver = Start(DnsCluster(Cluster.Types.DiscoveryType.StrictDns, ("a.local", 80, 1u)));
        resolver.Dispose();
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, _dns.QueriesFor("a.local"));
    }

    [Fact]
    public void OnlyDnsClustersAreAccepted()
    {
        var eds = ClusterTranslator.Translate(new Cluster { Name = "e", Type = Cluster.Types.DiscoveryType.Eds });
        Assert.Throws<ArgumentException>(() => new DnsClusterResolver(eds, _dns, _time, new Random(1), _ => { }));
    }

    private DnsClusterResolver Start(Cluster cluster)
    {
        var resolver = new DnsClusterResolver(ClusterTranslator.Translate(cluster), _dns, _time, new Random(1), _published.Add);
        resolver.Start();
        return resolver;
    }

    private static Cluster DnsCluster(Cluster.Types.DiscoveryType type, params (string Host, uint Port, uint Weight)[] endpoints)
    {
        var locality = new LocalityLbEndpoints();
        foreach (var (host, port, weight) in endpoints)
        {
            locality.LbEndpoints.Add(new LbEndpoint
            {
                Endpoint = new Endpoint { Address = new Address { SocketAddress = new SocketAddress { Address = host, PortValue = port } } },
                LoadBalancingWeight = weight,
            });
        }

        var cluster = new Cluster
        {
            Name = "dns",
            Type = type,
            DnsLookupFamily = Cluster.Types.DnsLookupFamily.V4Only,
            LoadAssignment = new ClusterLoadAssignment { ClusterName = "dns" },
        };
        cluster.LoadAssignment.Endpoints.Add(locality);
        return cluster;
    }

    /// <summary>Never answers for one name, to observe a cluster still warming.</summary>
    private sealed class GatedResolver(IDnsResolver inner, string blocked) : IDnsResolver
    {
        private readonly TaskCompletionSource<DnsResult> _never = new();

        public ValueTask<DnsResult> ResolveAsync(string host, DnsLookupFamily family, CancellationToken cancellationToken) =>
            host == blocked ? new ValueTask<DnsResult>(_never.Task) : inner.ResolveAsync(host, family, cancellationToken);
    }
}
