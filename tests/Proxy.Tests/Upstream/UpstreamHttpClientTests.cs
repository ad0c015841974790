using Envoy.Config.Cluster.V3;
using Google.Protobuf.WellKnownTypes;
using Proxy.Stats;
using Proxy.Upstream;
using Proxy.Upstream.Config;
using Xunit;
using CommonOptions = Envoy.Config.Core.V3.HttpProtocolOptions;
using HttpOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace Proxy.Tests.Upstream;

/// <summary>
/// The SocketsHttpHandler pool (HTTP/2 and upgrades) takes the cluster's connection lifetimes as Envoy reads them:
/// idle_timeout 1 h by default and none when 0, max_connection_duration none unless set.
/// </summary>
public sealed class UpstreamHttpClientTests
{
    [Fact]
    public void Without_protocol_options_idle_connections_close_after_an_hour_and_live_without_limit()
    {
        using var client = Client(new CommonOptions());

        Assert.Equal(TimeSpan.FromHours(1), client.PooledConnectionIdleTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, client.PooledConnectionLifetime);
    }

    [Fact]
    public void An_idle_timeout_of_zero_keeps_idle_connections_open()
    {
        using var client = Client(new CommonOptions { IdleTimeout = new Duration() });

        Assert.Equal(Timeout.InfiniteTimeSpan, client.PooledConnectionIdleTimeout);
    }

    [Fact]
    public void Configured_idle_timeout_and_max_connection_duration_are_the_pools()
    {
        using var client = Client(new CommonOptions
        {
            IdleTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(90)),
            MaxConnectionDuration = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
        });

        Assert.Equal(TimeSpan.FromSeconds(90), client.PooledConnectionIdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), client.PooledConnectionLifetime);
    }

    private static UpstreamHttpClient Client(CommonOptions common)
    {
        var cluster = new Cluster { Name = "c", Type = Cluster.Types.DiscoveryType.Eds };
        var options = new HttpOptions
        {
            ExplicitHttpConfig = new HttpOptions.Types.ExplicitHttpConfig { Http2ProtocolOptions = new() },
            CommonHttpProtocolOptions = common,
        };
        cluster.TypedExtensionProtocolOptions.Add("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", Any.Pack(options));
        var config = ClusterTranslator.Translate(cluster);
        var runtime = new ClusterRuntime(config, new ClusterStats(new StatsStore(), config.Name), TimeProvider.System, new Random(1));
        return new UpstreamHttpClient(runtime, http2: true);
    }
}
