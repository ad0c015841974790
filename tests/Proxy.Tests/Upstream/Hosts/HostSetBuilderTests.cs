using Proxy.Tests.Upstream.TestSupport;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;
using static Proxy.Tests.Upstream.TestSupport.TestHosts;

namespace Proxy.Tests.Upstream.Hosts;

public sealed class HostSetBuilderTests
{
    [Fact]
    public void HostsKeepTheirIdentityAndStateAcrossUpdates()
    {
        var first = Set(Locality(0, Endpoint("10.0.0.1:80"), Endpoint("10.0.0.2:80")));
        var kept = first.FindHost("10.0.0.1:80")!;
        kept.IncrementActiveRequests();
        kept.Stats.IncCxConnectFail();
        kept.SetHealthFlags(HostHealthFlags.FailedOutlierCheck);

        var second = HostSetBuilder.Update(first,
            Assignment(Locality(0, Endpoint("10.0.0.1:80", weight: 7), Endpoint("10.0.0.3:80"))), 50);

        Assert.Same(kept, second.FindHost("10.0.0.1:80"));
        Assert.Equal(7u, kept.Weight);
        Assert.Equal(1, kept.ActiveRequests);
        Assert.Equal(1, kept.Stats.CxConnectFail);
        Assert.True(kept.HealthFlags.HasFlag(HostHealthFlags.FailedOutlierCheck));
        Assert.Null(second.FindHost("10.0.0.2:80"));
        Assert.NotNull(second.FindHost("10.0.0.3:80"));
        Assert.Equal(2, second.AllHosts.Length);
    }

    [Fact]
    public void AMeshSizedSnapshotKeepsOneCopyOfWhatItsHostsShare()
    {
        var metadata = new Envoy.Config.Core.V3.Metadata();
        var set = Set(Locality(0,
            Endpoint("10.0.0.1:80") with { Metadata = metadata },
            Endpoint("10.0.0.2:80") with { Metadata = metadata },
            Endpoint("10.0.0.3:80", weight: 2) with { Metadata = metadata }));
        var hosts = set.AllHosts;
        var priority = set.HostSets[0];

        // All healthy, one priority, one locality: one host array serves every view of them.
        Assert.True(priority.HealthyHosts == priority.Hosts);
        Assert.True(priority.Localities[0].Hosts == priority.Hosts);
        Assert.True(priority.Localities[0].HealthyHosts == priority.Hosts);
        Assert.True(hosts == priority.Hosts);
        // Equal descriptions are one object; a host's counters and address strings wait for first use.
        Assert.Same(GetDescription(hosts[0]), GetDescription(hosts[1]));
        Assert.NotSame(GetDescription(hosts[0]), GetDescription(hosts[2]));
        Assert.Null(typeof(Host).GetField("_stats", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(hosts[0]));
        Assert.Equal("10.0.0.1:80", hosts[0].AddressString);
        Assert.Same(hosts[0].Stats, hosts[0].Stats);

        // One unhealthy host: the healthy view is its own array, without it.
        var mixed = Set(Locality(0, Endpoint("10.0.0.1:80"), Endpoint("10.0.0.2:80", status: EndpointHealthStatus.Unhealthy)));
        Assert.False(mixed.HostSets[0].HealthyHosts == mixed.HostSets[0].Hosts);
        Assert.Equal(["10.0.0.1:80"], mixed.HostSets[0].HealthyHosts.Select(h => h.AddressString));

        static object GetDescription(Host host) =>
            typeof(Host).GetField("_description", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(host)!;
    }

    [Fact]
    public void AnAddressFromIpIsFormattedOnReadAndComparedByItsEndPoint()
    {
        var a = EndpointAddress.FromIp(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("::1"), 80));
        var b = EndpointAddress.FromIp(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("::1"), 80));
        _ = a.AsString;

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("[::1]:80", b.AsString);
        Assert.Equal("::1", b.Host);
        Assert.NotEqual(a, EndpointAddress.FromIp(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("::1"), 81)));
    }

    [Theory]
    [InlineData(EndpointHealthStatus.Unknown, HostHealth.Healthy)]
    [InlineData(EndpointHealthStatus.Healthy, HostHealth.Healthy)]
    [InlineData(EndpointHealthStatus.Unhealthy, HostHealth.Unhealthy)]
    [InlineData(EndpointHealthStatus.Draining, HostHealth.Unhealthy)]
    [InlineData(EndpointHealthStatus.Timeout, HostHealth.Unhealthy)]
    [InlineData(EndpointHealthStatus.Degraded, HostHealth.Degraded)]
    public void EdsHealthStatusSetsCoarseHealth(EndpointHealthStatus status, HostHealth expected)
    {
        var host = Set(Locality(0, Endpoint("10.0.0.1:80", status: status))).AllHosts[0];
        Assert.Equal(expected, host.CoarseHealth);
        Assert.Equal(status == EndpointHealthStatus.Draining, host.HealthFlags.HasFlag(HostHealthFlags.EdsStatusDraining));
    }

    [Fact]
    public void AnUpdateReplacesEdsHealthButKeepsOtherFlags()
    {
        var first = Set(Locality(0, Endpoint("10.0.0.1:80", status: EndpointHealthStatus.Unhealthy)));
        var host = first.AllHosts[0];
        host.SetHealthFlags(HostHealthFlags.DegradedActiveHealthCheck);

        HostSetBuilder.Update(first, Assignment(Locality(0, Endpoint("10.0.0.1:80", status: EndpointHealthStatus.Healthy))), 50);

        Assert.False(host.HealthFlags.HasFlag(HostHealthFlags.FailedEdsHealth));
        Assert.True(host.HealthFlags.HasFlag(HostHealthFlags.DegradedActiveHealthCheck));
        Assert.True(host.Degraded);
    }

    [Fact]
    public void PrioritiesAreContiguousFromZero()
    {
        var set = Set(Locality(2, Endpoint("10.0.0.2:80")), Locality(0, Endpoint("10.0.0.1:80")));
        Assert.Equal(3, set.HostSets.Length);
        Assert.Single(set.HostSets[0].Hosts);
        Assert.Empty(set.HostSets[1].Hosts);
        Assert.Equal(2, set.HostSets[2].Hosts[0].Priority);
        Assert.Empty(PrioritySet.Empty.AllHosts);
        Assert.Single(PrioritySet.Empty.HostSets);
    }

    [Fact]
    public void LocalitiesAreMergedAndOrdered()
    {
        var set = Set(
            Locality("zone-b", 3, 0, Endpoint("10.0.0.1:80")),
            Locality("zone-a", 1, 0, Endpoint("10.0.0.2:80")),
            Locality("zone-b", null, 0, Endpoint("10.0.0.3:80")));

        var localities = set.HostSets[0].Localities;
        Assert.Equal(["zone-a", "zone-b"], localities.Select(l => l.Locality.Zone).ToArray());
        Assert.Equal(3u, localities[1].Weight);
        Assert.Equal(2, localities[1].Hosts.Length);
        Assert.Equal(["10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80"], set.HostSets[0].Hosts.Select(h => h.AddressString).ToArray());
    }

    [Fact]
    public void NewHostsWaitForTheirFirstHealthCheckWhenAsked()
    {
        var set = HostSetBuilder.Update(null, Assignment(Locality(0, Endpoint("10.0.0.1:80"))), 50, newHostsPendingHealthCheck: true);
        var host = set.AllHosts[0];
        Assert.True(host.Excluded);
        Assert.Equal(HostHealth.Unhealthy, host.CoarseHealth);
        Assert.Equal(1, set.HostSets[0].ExcludedCount);
    }

    [Fact]
    public void UnresolvedNamesAreRejected()
    {
        var endpoint = new EndpointConfig
        {
            Address = new EndpointAddress { Kind = EndpointAddressKind.Hostname, Host = "a.local", Port = 80, AsString = "a.local:80" },
        };
        Assert.Throws<ArgumentException>(() => Set(Locality(0, endpoint)));
    }
}
