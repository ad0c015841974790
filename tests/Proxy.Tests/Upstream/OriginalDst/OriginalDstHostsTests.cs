using System.Net;
using Proxy.Stats;
using Proxy.Tests.Upstream.TestSupport;
using Proxy.Upstream;
using Proxy.Upstream.Config;
using Proxy.Upstream.OriginalDst;
using Xunit;

namespace Proxy.Tests.Upstream.OriginalDst;

public sealed class OriginalDstHostsTests
{
    private static readonly IPEndPoint Restored = new(IPAddress.Parse("10.0.0.5"), 8080);

    [Fact]
    public void Restored_destination_becomes_a_host_of_the_cluster()
    {
        using var cluster = Cluster(new OriginalDstSettings());

        var host = cluster.OriginalDst!.Pick(Restored, null);

        Assert.NotNull(host);
        Assert.Equal(Restored, host.Address);
        Assert.Same(host, Assert.Single(cluster.Hosts.Hosts.AllHosts));
        Assert.Same(host, cluster.OriginalDst.Pick(new IPEndPoint(IPAddress.Parse("10.0.0.5"), 8080), null));
    }

    [Fact]
    public void Connection_whose_destination_was_not_restored_gets_no_host()
    {
        using var cluster = Cluster(new OriginalDstSettings());

        Assert.Null(cluster.OriginalDst!.Pick(null, null));
        Assert.Empty(cluster.Hosts.Hosts.AllHosts);
    }

    [Fact]
    public void Header_overrides_the_connection_when_use_http_header()
    {
        using var cluster = Cluster(new OriginalDstSettings { UseHttpHeader = true });

        var host = cluster.OriginalDst!.Pick(Restored, "[fd00::1]:9090");

        Assert.Equal(new IPEndPoint(IPAddress.Parse("fd00::1"), 9090), host!.Address);
    }

    [Theory]
    [InlineData("10.0.0.9")]
    [InlineData("example.com:80")]
    [InlineData("fd00::1:80")]
    [InlineData("")]
    public void Unparseable_header_falls_back_to_the_connection(string header)
    {
        using var cluster = Cluster(new OriginalDstSettings { UseHttpHeader = true });

        Assert.Equal(Restored, cluster.OriginalDst!.Pick(Restored, header)!.Address);
    }

    [Fact]
    public void Upstream_port_override_replaces_the_port()
    {
        using var cluster = Cluster(new OriginalDstSettings { UpstreamPortOverride = 15000 });

        Assert.Equal(new IPEndPoint(Restored.Address, 15000), cluster.OriginalDst!.Pick(Restored, null)!.Address);
    }

    [Fact]
    public void Cleanup_removes_hosts_not_picked_since_the_previous_run()
    {
        var time = new FakeTimeProvider();
        using var cluster = Cluster(new OriginalDstSettings(), time);
        var other = new IPEndPoint(IPAddress.Parse("10.0.0.6"), 80);
        cluster.OriginalDst!.Pick(Restored, null);
        cluster.OriginalDst.Pick(other, null);

        time.Advance(TimeSpan.FromSeconds(5)); // both were used: kept, marks cleared
        Assert.Equal(2, cluster.Hosts.Hosts.AllHosts.Length);

        cluster.OriginalDst.Pick(other, null);
        time.Advance(TimeSpan.FromSeconds(5)); // Restored idle for a whole interval: removed

        Assert.Equal(other, Assert.Single(cluster.Hosts.Hosts.AllHosts).Address);
    }

    [Fact]
    public void Cleanup_keeps_a_host_with_an_active_connection()
    {
        var time = new FakeTimeProvider();
        using var cluster = Cluster(new OriginalDstSettings(), time);
        var host = cluster.OriginalDst!.Pick(Restored, null)!;
        host.Stats.IncCxActive();

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Single(cluster.Hosts.Hosts.AllHosts);
    }

    private static ClusterRuntime Cluster(OriginalDstSettings settings, TimeProvider? time = null)
    {
        var config = new ClusterConfig
        {
            Name = "PassthroughCluster",
            DiscoveryType = ClusterDiscoveryType.OriginalDst,
            OriginalDst = settings,
        };
        return new ClusterRuntime(config, new ClusterStats(new StatsStore(), config.Name), time ?? TimeProvider.System, new Random(1));
    }
}
