using System.Net;
using System.Net.Sockets;
using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf.WellKnownTypes;
using Proxy.Xds.Client;
using static Proxy.Tests.Discovery.DiscoveryFixture;

namespace Proxy.Tests.Discovery;

public sealed class ListenerDiscoveryTests
{
    [Fact]
    public async Task A_route_configuration_whose_config_source_is_a_file_is_read_from_it_not_subscribed_on_a_stream()
    {
        await using var f = new DiscoveryFixture();
        var fromFile = HttpListener("file", "routes-file");
        var hcm = fromFile.FilterChains[0].Filters[0].TypedConfig.Unpack<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager>();
        hcm.Rds.ConfigSource = new ConfigSource { PathConfigSource = new PathConfigSource { Path = "/etc/proxy/rds.yaml" } };
        fromFile.FilterChains[0].Filters[0].TypedConfig = Any.Pack(hcm);

        f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "1", fromFile, HttpListener("ads", "routes-ads")));

        Assert.Equal(["routes-ads"], f.Interest[XdsResourceType.RouteConfiguration]);
        Assert.Equal(["/etc/proxy/rds.yaml"], f.FileInterest[XdsResourceType.RouteConfiguration]);

        f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "2", HttpListener("ads", "routes-ads")));

        Assert.Empty(f.FileInterest[XdsResourceType.RouteConfiguration]);
    }

    [Fact]
    public async Task A_listener_warms_until_its_route_configuration_arrives_then_serves()
    {
        await using var f = new DiscoveryFixture();

        f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "1", HttpListener("http", "routes-a")));

        Assert.Null(f.Listeners.Get("http"));
        Assert.True(f.ListenerWatcher.AnyWarming);
        Assert.Equal(1, f.Listeners.TotalWarming.Value);
        Assert.Equal(["routes-a"], f.Interest[XdsResourceType.RouteConfiguration]);

        f.RouteWatcher.OnUpdate(Sotw(XdsResourceType.RouteConfiguration, "r1", RouteConfig("routes-a", "c")));

        var listener = f.Listeners.Get("http");
        Assert.NotNull(listener);
        Assert.NotNull(listener.BoundEndPoint);
        Assert.False(f.ListenerWatcher.AnyWarming);
        Assert.Equal(0, f.Listeners.TotalWarming.Value);
        Assert.Equal(1, f.Listeners.TotalActive.Value);
        Assert.NotNull(f.Routes.Find("routes-a")!.Table);
    }

    [Fact]
    public async Task A_warming_listener_starts_without_routes_after_the_initial_fetch_timeout()
    {
        await using var f = new DiscoveryFixture();
        f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "1", HttpListener("http", "never")));

        f.Time.Advance(TimeSpan.FromSeconds(15));

        Assert.NotNull(f.Listeners.Get("http"));
        Assert.False(f.ListenerWatcher.AnyWarming);
        Assert.Equal(1UL, f.ListenerWatcher.Stats.InitFetchTimeout.Value);
    }

    [Fact]
    public async Task The_warming_bound_is_the_rds_sources_initial_fetch_timeout_and_zero_waits_for_the_routes()
    {
        await using var f = new DiscoveryFixture();
        var shortWait = HttpListener("short", "never-a");
        var forever = HttpListener("forever", "never-b");
        SetRdsTimeout(shortWait, TimeSpan.FromSeconds(3));
        SetRdsTimeout(forever, TimeSpan.Zero);

        f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "1", shortWait, forever));
        f.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.NotNull(f.Listeners.Get("short"));
        Assert.Null(f.Listeners.Get("forever"));
        f.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(f.Listeners.Get("forever"));

        f.RouteWatcher.OnUpdate(Sotw(XdsResourceType.RouteConfiguration, "r1", RouteConfig("never-b", "c")));
        Assert.NotNull(f.Listeners.Get("forever"));
    }

    private static void SetRdsTimeout(Envoy.Config.Listener.V3.Listener listener, TimeSpan timeout)
    {
        var filter = listener.FilterChains[0].Filters[0];
        var hcm = filter.TypedConfig.Unpack<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager>();
        hcm.Rds.ConfigSource.InitialFetchTimeout = Duration.FromTimeSpan(timeout);
        filter.TypedConfig = Any.Pack(hcm);
    }

    [Fact]
    public async Task A_listener_naming_an_sds_secret_warms_until_the_secret_arrives()
    {
        await using var f = new DiscoveryFixture();
        var listener = TcpListener("tls", "c");
        var tls = new DownstreamTlsContext { CommonTlsContext = new CommonTlsContext() };
        tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Add(new SdsSecretConfig { Name = "default", SdsConfig = new ConfigSource { Ads = new AggregatedConfigSource() } });
        listener.FilterChains[0].TransportSocket = new TransportSocket { Name = "envoy.transport_sockets.tls", TypedConfig = Any.Pack(tls) };

        f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "1", listener));

        Assert.Null(f.Listeners.Get("tls"));
        Assert.Equal("default", Assert.Single(f.SecretInterest["lds"]).Name);

        f.Secrets.OnUpdate(Sotw(XdsResourceType.Secret, "s1", new Secret { Name = "default", ValidationContext = new CertificateValidationContext() }));

        Assert.NotNull(f.Listeners.Get("tls"));
    }

    [Fact]
    public async Task An_unchanged_listener_is_not_touched_and_a_missing_one_is_removed()
    {
        await using var f = new DiscoveryFixture();
        f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "1", TcpListener("a", "c"), TcpListener("b", "c")));
        var a = f.Listeners.Get("a");

        f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "2", TcpListener("a", "c")));

        Assert.Same(a, f.Listeners.Get("a"));
        Assert.Null(f.Listeners.Get("b"));
        Assert.Equal(1UL, f.Listeners.Removed.Value);
        await f.Listeners.WhenDrainedAsync();
        Assert.Equal(0, f.Listeners.TotalDraining.Value);
    }

    [Fact]
    public async Task A_changed_listener_on_the_same_address_takes_over_the_socket()
    {
        await using var f = new DiscoveryFixture();
        var port = FreePort();
        f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "1", TcpListener("a", "c1", port)));
        var first = f.Listeners.Get("a")!;

        f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "2", TcpListener("a", "c2", port)));

        var second = f.Listeners.Get("a")!;
        Assert.NotSame(first, second);
        Assert.Equal(1UL, f.Listeners.InPlaceUpdated.Value);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        Assert.Equal(port, ((IPEndPoint)second.BoundEndPoint!).Port);
    }

    [Fact]
    public async Task An_invalid_listener_rejects_the_response_and_keeps_the_previous_listeners()
    {
        await using var f = new DiscoveryFixture();
        f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "1", TcpListener("a", "c")));
        var bad = TcpListener("bad", "c");
        bad.Address = null;

        var error = Assert.Throws<XdsRejectedException>(() => f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "2", TcpListener("new", "c"), bad)));

        Assert.StartsWith("listener 'bad': address", error.Message, StringComparison.Ordinal);
        Assert.NotNull(f.Listeners.Get("a"));
        Assert.Null(f.Listeners.Get("new"));
        Assert.Equal(1UL, f.ListenerWatcher.Stats.Rejected.Value);
    }

    [Fact]
    public async Task Two_listeners_on_one_address_are_rejected()
    {
        await using var f = new DiscoveryFixture();
        var port = FreePort();

        var error = Assert.Throws<XdsRejectedException>(() => f.ListenerWatcher.OnUpdate(Sotw(XdsResourceType.Listener, "1", TcpListener("a", "c", port), TcpListener("b", "c", port))));

        Assert.Contains("already used by listener 'a'", error.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
