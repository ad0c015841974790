using Proxy.Stats;

namespace Proxy.Tests.Stats;

/// <summary>Envoy's built-in tag extractors (use_all_default_tags), on the names Envoy documents and tests.</summary>
public sealed class DefaultTagExtractionTests
{
    private static (string Name, List<StatTag> Tags) Extract(string name) =>
        StatsTestConfig.Extract(StatsOptions.Default, name);

    [Fact]
    public void ClusterResponseCode()
    {
        var (name, tags) = Extract("cluster.foo.upstream_rq_200");

        Assert.Equal("cluster.upstream_rq", name);
        Assert.Equal([new("envoy.response_code", "200"), new("envoy.cluster_name", "foo")], tags);
    }

    [Fact]
    public void HttpResponseCodeClassAndConnectionManagerPrefix()
    {
        var (name, tags) = Extract("http.ingress.downstream_rq_5xx");

        Assert.Equal("http.downstream_rq_xx", name);
        Assert.Equal([new("envoy.response_code_class", "5"), new("envoy.http_conn_manager_prefix", "ingress")], tags);
    }

    [Fact]
    public void ListenerAddressIpv4()
    {
        var (name, tags) = Extract("listener.0.0.0.0_15001.downstream_cx_total");

        Assert.Equal("listener.downstream_cx_total", name);
        Assert.Equal([new("envoy.listener_address", "0.0.0.0_15001")], tags);
    }

    [Fact]
    public void ListenerAddressIpv6()
    {
        var (name, tags) = Extract("listener.[__1]_15000.downstream_cx_total");

        Assert.Equal("listener.downstream_cx_total", name);
        Assert.Equal([new("envoy.listener_address", "[__1]_15000")], tags);
    }

    [Fact]
    public void AdminListenerIsNotAnAddress()
    {
        var (name, tags) = Extract("listener.admin.downstream_cx_total");

        Assert.Equal("listener.admin.downstream_cx_total", name);
        Assert.Empty(tags);
    }

    [Fact]
    public void ListenerHttpPrefixAndAddress()
    {
        var (name, tags) = Extract("listener.127.0.0.1_3012.http.http_prefix.downstream_rq_5xx");

        Assert.Equal("listener.http.downstream_rq_xx", name);
        Assert.Equal(
            [
                new("envoy.response_code_class", "5"),
                new("envoy.http_conn_manager_prefix", "http_prefix"),
                new("envoy.listener_address", "127.0.0.1_3012"),
            ],
            tags);
    }

    [Fact]
    public void WorkerId()
    {
        var (name, tags) = Extract("listener_manager.worker_123.dispatcher.loop_duration_us");

        Assert.Equal("listener_manager.worker_dispatcher.loop_duration_us", name);
        Assert.Equal([new("envoy.worker_id", "123")], tags);
    }

    [Fact]
    public void VirtualHostAndVirtualCluster()
    {
        var (name, tags) = Extract("vhost.vhost1.vcluster.vcluster1.upstream_rq_time");

        Assert.Equal("vhost.vcluster.upstream_rq_time", name);
        Assert.Equal([new("envoy.virtual_cluster", "vcluster1"), new("envoy.virtual_host", "vhost1")], tags);
    }

    [Fact]
    public void VirtualHostRoute()
    {
        var (name, tags) = Extract("vhost.vh.route.r1.upstream_rq_completed");

        Assert.Equal("vhost.route.upstream_rq_completed", name);
        Assert.Equal([new("envoy.virtual_host", "vh"), new("envoy.route", "r1")], tags);
    }

    [Fact]
    public void TcpPrefix()
    {
        var (name, tags) = Extract("tcp.my_prefix.downstream_cx_total");

        Assert.Equal("tcp.downstream_cx_total", name);
        Assert.Equal([new("envoy.tcp_prefix", "my_prefix")], tags);
    }

    [Fact]
    public void RdsRouteConfigNameMayContainDots()
    {
        var (name, tags) = Extract("http.ingress.rds.my.route.update_success");

        Assert.Equal("http.rds.update_success", name);
        Assert.Equal([new("envoy.rds_route_config", "my.route"), new("envoy.http_conn_manager_prefix", "ingress")], tags);
    }

    [Fact]
    public void MongoCallsiteCollectionAndPrefix()
    {
        var (name, tags) = Extract("mongo.mongo_filter.collection.test.callsite.callsite1.query.total");

        Assert.Equal("mongo.collection.callsite.query.total", name);
        Assert.Equal(
            [
                new("envoy.mongo_callsite", "callsite1"),
                new("envoy.mongo_collection", "test"),
                new("envoy.mongo_prefix", "mongo_filter"),
            ],
            tags);
    }

    [Fact]
    public void TokenPatternWithoutPrefixRemovesLeadingToken()
    {
        var (name, tags) = Extract("my_prefix.http_local_rate_limit.enabled");

        Assert.Equal("http_local_rate_limit.enabled", name);
        Assert.Equal([new("envoy.local_http_ratelimit_prefix", "my_prefix")], tags);
    }

    [Fact]
    public void SslCipherOnListener()
    {
        var (name, tags) = Extract("listener.0.0.0.0_443.ssl.ciphers.ECDHE-RSA-AES128-GCM-SHA256");

        Assert.Equal("listener.ssl.ciphers", name);
        Assert.Equal(
            [new("envoy.ssl_cipher", "ECDHE-RSA-AES128-GCM-SHA256"), new("envoy.listener_address", "0.0.0.0_443")],
            tags);
    }

    [Fact]
    public void DynamoOperationAndTable()
    {
        var (name, tags) = Extract("http.dynamo.dynamodb.table.locations.capacity.GetItem.__partition_id=ABC1234");

        Assert.Equal("http.dynamodb.table.capacity", name);
        Assert.Contains(new StatTag("envoy.dynamo_partition_id", "ABC1234"), tags);
        Assert.Contains(new StatTag("envoy.dynamo_operation", "GetItem"), tags);
        Assert.Contains(new StatTag("envoy.dynamo_table", "locations"), tags);
        Assert.Contains(new StatTag("envoy.http_conn_manager_prefix", "dynamo"), tags);
    }

    [Fact]
    public void NameWithoutTagsIsUnchanged()
    {
        var (name, tags) = Extract("server.state");

        Assert.Equal("server.state", name);
        Assert.Empty(tags);
    }

    [Fact]
    public void ClusterNameNeedsAFollowingToken()
    {
        // "cluster.$.**": the trailing "**" needs at least one token.
        var (name, tags) = Extract("cluster.foo");

        Assert.Equal("cluster.foo", name);
        Assert.Empty(tags);
    }

    [Fact]
    public void DisablingDefaultTagsLeavesNamesWhole()
    {
        var store = StatsTestConfig.Store("""{"use_all_default_tags": false}""");
        var (name, tags) = StatsTestConfig.Extract(store.Options, "cluster.foo.upstream_rq_200");

        Assert.Equal("cluster.foo.upstream_rq_200", name);
        Assert.Empty(tags);
    }
}
