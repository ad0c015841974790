using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.Extensions;
using Proxy.Upstream.Config;
using Proxy.Upstream.Dns;
using HttpOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;
using LbRandom = Envoy.Extensions.LoadBalancingPolicies.Random.V3.Random;

namespace Proxy.Tests.Upstream.Config;

public sealed class ClusterTranslatorTests
{
    private const string HttpOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    [Fact]
    public void DefaultsAreEnvoys()
    {
        var config = ClusterTranslator.Translate(Eds("c"));

        Assert.Equal(TimeSpan.FromSeconds(5), config.ConnectTimeout);
        Assert.Equal(1024u * 1024, config.PerConnectionBufferLimitBytes);
        Assert.Equal(LoadBalancerKind.RoundRobin, config.LoadBalancer.Kind);
        Assert.Equal(50u, config.LoadBalancer.HealthyPanicThreshold);
        Assert.Equal(new CircuitBreakerThresholds { MaxConnections = 1024, MaxPendingRequests = 1024, MaxRequests = 1024, MaxRetries = 3 },
            config.CircuitBreakers.DefaultPriority);
        Assert.Equal(uint.MaxValue, config.CircuitBreakers.PerHostMaxConnections);
        Assert.Equal(TimeSpan.FromHours(1), config.Http.IdleTimeout);
        Assert.Equal(100u, config.Http.MaxHeadersCount);
        Assert.Equal(UpstreamProtocolSelection.Http1, config.Http.Selection);
        Assert.Equal(TimeSpan.FromSeconds(5), config.Dns.RefreshRate);
        Assert.Equal(TransportSocketKind.RawBuffer, config.TransportSocket.Kind);
        Assert.Equal(TimeSpan.FromMinutes(10), config.TcpPoolIdleTimeout);
        Assert.Null(config.OutlierDetection);
        Assert.Equal("c", config.EdsServiceName);
        Assert.Equal("c", config.StatName);
    }

    [Fact]
    public void NameIsRequired()
    {
        var error = Assert.Throws<ConfigException>(() => ClusterTranslator.Translate(new Cluster()));
        Assert.Equal("cluster '': name: must not be empty", error.Message);
    }

    [Fact]
    public void AltStatNameIsTheStatName()
    {
        var cluster = Eds("outbound|80||a");
        cluster.AltStatName = "a_80";
        Assert.Equal("a_80", ClusterTranslator.Translate(cluster).StatName);
    }

    [Fact]
    public void EdsServiceNameComesFromEdsClusterConfig()
    {
        var cluster = Eds("c");
        cluster.EdsClusterConfig = new Cluster.Types.EdsClusterConfig { ServiceName = "svc" };
        Assert.Equal("svc", ClusterTranslator.Translate(cluster).EdsServiceName);
    }

    [Fact]
    public void EdsClusterConfigOnAStaticClusterIsRefused()
    {
        var cluster = new Cluster { Name = "c", Type = Cluster.Types.DiscoveryType.Static, EdsClusterConfig = new() };
        AssertError(cluster, "cluster 'c': eds_cluster_config: eds_cluster_config set in a non-EDS cluster");
    }

    [Fact]
    public void UnknownClusterTypeExtensionIsRefusedByName()
    {
        var cluster = new Cluster
        {
            Name = "c",
            ClusterType = new Cluster.Types.CustomClusterType { Name = "envoy.clusters.redis" },
        };
        AssertError(cluster, "cluster 'c': cluster_type: Didn't find a registered cluster factory implementation for name: 'envoy.clusters.redis'");
    }

    [Fact]
    public void AggregateClusterTypeIsRecordedWithItsClusters()
    {
        var payload = new MemoryStream();
        var output = new CodedOutputStream(payload);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString("primary");
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString("secondary");
        output.Flush();
        var cluster = new Cluster
        {
            Name = "agg",
            LbPolicy = Cluster.Types.LbPolicy.ClusterProvided,
            ClusterType = new Cluster.Types.CustomClusterType
            {
                Name = "envoy.clusters.aggregate",
                TypedConfig = new Any
                {
                    TypeUrl = "type.googleapis.com/envoy.extensions.clusters.aggregate.v3.ClusterConfig",
                    Value = ByteString.CopyFrom(payload.ToArray()),
                },
            },
        };

        var config = ClusterTranslator.Translate(cluster);
        Assert.Equal(ClusterDiscoveryType.Aggregate, config.DiscoveryType);
        Assert.Equal(["primary", "secondary"], config.AggregateClusters.ToArray());
    }

    [Fact]
    public void DnsClusterExtensionSelectsStrictOrLogicalAndItsRefreshSettings()
    {
        var payload = new MemoryStream();
        var output = new CodedOutputStream(payload);
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteMessage(Duration.FromTimeSpan(TimeSpan.FromSeconds(10)));
        output.WriteTag(8, WireFormat.WireType.Varint);
        output.WriteEnum(5);
        output.WriteTag(9, WireFormat.WireType.Varint);
        output.WriteEnum(1);
        output.Flush();
        var cluster = WithEndpoint("c", Cluster.Types.DiscoveryType.Static, "a.local", 80);
        cluster.ClusterType = new Cluster.Types.CustomClusterType
        {
            Name = "envoy.cluster.dns",
            TypedConfig = new Any
            {
                TypeUrl = "type.googleapis.com/envoy.extensions.clusters.dns.v3.DnsCluster",
                Value = ByteString.CopyFrom(payload.ToArray()),
            },
        };

        var config = ClusterTranslator.Translate(cluster);
        Assert.Equal(ClusterDiscoveryType.StrictDns, config.DiscoveryType);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Dns.RefreshRate);
        Assert.Equal(DnsLookupFamily.All, config.Dns.LookupFamily);
        Assert.Equal(EndpointAddressKind.Hostname, config.LoadAssignment!.Localities[0].Endpoints[0].Address.Kind);
    }

    [Fact]
    public void OriginalDstRequiresClusterProvided()
    {
        var cluster = new Cluster { Name = "c", Type = Cluster.Types.DiscoveryType.OriginalDst };
        AssertError(cluster, "cluster 'c': lb_policy: cluster: LB policy ROUND_ROBIN is not valid for Cluster type ORIGINAL_DST. " +
                             "Only 'CLUSTER_PROVIDED' is allowed with cluster type 'ORIGINAL_DST'");
    }

    [Fact]
    public void OriginalDstRefusesALoadAssignment()
    {
        var cluster = OriginalDst("c");
        cluster.LoadAssignment = new ClusterLoadAssignment { ClusterName = "c" };
        AssertError(cluster, "cluster 'c': load_assignment: ORIGINAL_DST clusters must have no load assignment configured");
    }

    [Fact]
    public void OriginalDstHeaderNameNeedsUseHttpHeader()
    {
        var cluster = OriginalDst("c");
        cluster.OriginalDstLbConfig = new Cluster.Types.OriginalDstLbConfig { HttpHeaderName = "x-dst" };
        Assert.Contains("original_dst_lb_config.http_header_name: ORIGINAL_DST cluster: invalid config http_header_name=x-dst",
            Assert.Throws<ConfigException>(() => ClusterTranslator.Translate(cluster)).Message);

        cluster.OriginalDstLbConfig = new Cluster.Types.OriginalDstLbConfig { UseHttpHeader = true };
        cluster.CleanupInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(60));
        var config = ClusterTranslator.Translate(cluster);
        Assert.True(config.OriginalDst.UseHttpHeader);
        Assert.Equal("x-envoy-original-dst-host", config.OriginalDst.HttpHeaderName);
        Assert.Equal(TimeSpan.FromSeconds(60), config.CleanupInterval);
    }

    [Fact]
    public void ConnectTimeoutMustBePositive()
    {
        var cluster = Eds("c");
        cluster.ConnectTimeout = new Duration();
        AssertError(cluster, "cluster 'c': connect_timeout: must be greater than 0s");
    }

    [Fact]
    public void UnnormalizedDurationsAreRefused()
    {
        var cluster = Eds("c");
        cluster.ConnectTimeout = new Duration { Seconds = 1, Nanos = -5 };
        AssertError(cluster, "cluster 'c': connect_timeout: not a valid duration");
    }

    [Fact]
    public void LeastRequestSettings()
    {
        var cluster = Eds("c");
        cluster.LbPolicy = Cluster.Types.LbPolicy.LeastRequest;
        cluster.LeastRequestLbConfig = new Cluster.Types.LeastRequestLbConfig
        {
            ChoiceCount = 3,
            ActiveRequestBias = new RuntimeDouble { DefaultValue = 0.5, RuntimeKey = "k" },
        };
        var lb = ClusterTranslator.Translate(cluster).LoadBalancer;
        Assert.Equal(LoadBalancerKind.LeastRequest, lb.Kind);
        Assert.Equal(3, lb.LeastRequest.ChoiceCount);
        Assert.Equal(0.5, lb.LeastRequest.ActiveRequestBias);

        cluster.LeastRequestLbConfig.ChoiceCount = 1;
        AssertError(cluster, "cluster 'c': least_request_lb_config.choice_count: must be at least 2, got 1");
    }

    [Fact]
    public void RingHashSettingsAndTheirLimits()
    {
        var cluster = Eds("c");
        cluster.LbPolicy = Cluster.Types.LbPolicy.RingHash;
        var lb = ClusterTranslator.Translate(cluster).LoadBalancer;
        Assert.Equal(RingHashSettings.Default, lb.RingHash);
        Assert.Equal(8388608UL, lb.RingHash.MaximumRingSize);

        cluster.RingHashLbConfig = new Cluster.Types.RingHashLbConfig
        {
            MinimumRingSize = 2048,
            MaximumRingSize = 1024,
            HashFunction = Cluster.Types.RingHashLbConfig.Types.HashFunction.MurmurHash2,
        };
        AssertError(cluster, "cluster 'c': ring_hash_lb_config: ring hash: minimum_ring_size (2048) > maximum_ring_size (1024)");

        cluster.RingHashLbConfig.MaximumRingSize = 4096;
        Assert.Equal(RingHashFunction.MurmurHash2, ClusterTranslator.Translate(cluster).LoadBalancer.RingHash.HashFunction);
    }

    [Fact]
    public void MaglevTableSizeMustBePrime()
    {
        var cluster = Eds("c");
        cluster.LbPolicy = Cluster.Types.LbPolicy.Maglev;
        Assert.Equal(65537UL, ClusterTranslator.Translate(cluster).LoadBalancer.Maglev.TableSize);

        cluster.MaglevLbConfig = new Cluster.Types.MaglevLbConfig { TableSize = 65536 };
        AssertError(cluster, "cluster 'c': maglev_lb_config.table_size: The table size of maglev must be prime number");
    }

    [Fact]
    public void FirstSupportedLoadBalancingPolicyWins()
    {
        var cluster = Eds("c");
        cluster.LoadBalancingPolicy = new LoadBalancingPolicy();
        cluster.LoadBalancingPolicy.Policies.Add(Policy("vendor.fancy", new Any { TypeUrl = "type.googleapis.com/vendor.Fancy" }));
        cluster.LoadBalancingPolicy.Policies.Add(Policy("envoy.load_balancing_policies.random", Any.Pack(new LbRandom())));

        var lb = ClusterTranslator.Translate(cluster).LoadBalancer;
        Assert.Equal(LoadBalancerKind.Random, lb.Kind);
        Assert.Equal("envoy.load_balancing_policies.random", lb.PolicyName);

        cluster.LoadBalancingPolicy.Policies.RemoveAt(1);
        AssertError(cluster, "cluster 'c': load_balancing_policy: cluster: didn't find a registered load balancer factory " +
                             "implementation for cluster: 'c' with names from [vendor.fancy]");
    }

    [Fact]
    public void LoadBalancingPolicyCannotBeCombinedWithLocalityConfigOfCommonLbConfig()
    {
        var cluster = Eds("c");
        cluster.LoadBalancingPolicy = new LoadBalancingPolicy();
        cluster.LoadBalancingPolicy.Policies.Add(Policy("envoy.load_balancing_policies.random", Any.Pack(new LbRandom())));
        cluster.CommonLbConfig = new Cluster.Types.CommonLbConfig { LocalityWeightedLbConfig = new() };
        Assert.Contains("load_balancing_policy cannot be combined with partial fields",
            Assert.Throws<ConfigException>(() => ClusterTranslator.Translate(cluster)).Message);
    }

    [Fact]
    public void PanicThresholdIsRoundedAndValidated()
    {
        var cluster = Eds("c");
        cluster.CommonLbConfig = new Cluster.Types.CommonLbConfig { HealthyPanicThreshold = new Envoy.Type.V3.Percent { Value = 25.6 } };
        Assert.Equal(26u, ClusterTranslator.Translate(cluster).LoadBalancer.HealthyPanicThreshold);

        cluster.CommonLbConfig.HealthyPanicThreshold.Value = 101;
        AssertError(cluster, "cluster 'c': common_lb_config.healthy_panic_threshold.value: must be within [0, 100], got 101");
    }

    [Fact]
    public void StaticClustersNeedIpAddresses()
    {
        var cluster = WithEndpoint("c", Cluster.Types.DiscoveryType.Static, "backend.local", 80);
        AssertError(cluster,
            "cluster 'c': load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address: malformed IP address: backend.local");
    }

    [Fact]
    public void StrictDnsClustersKeepNamesToResolve()
    {
        var cluster = WithEndpoint("c", Cluster.Types.DiscoveryType.StrictDns, "backend.local", 80);
        cluster.DnsLookupFamily = Cluster.Types.DnsLookupFamily.V4Only;
        cluster.DnsRefreshRate = Duration.FromTimeSpan(TimeSpan.FromSeconds(30));
        cluster.RespectDnsTtl = true;
        var config = ClusterTranslator.Translate(cluster);

        var address = config.LoadAssignment!.Localities[0].Endpoints[0].Address;
        Assert.Equal(EndpointAddressKind.Hostname, address.Kind);
        Assert.Equal("backend.local:80", address.AsString);
        Assert.Equal(DnsLookupFamily.V4Only, config.Dns.LookupFamily);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Dns.RefreshRate);
        Assert.True(config.Dns.RespectDnsTtl);
        Assert.Null(config.Dns.FailureRefreshBase);
    }

    [Fact]
    public void DnsFailureRefreshRateDefaultsItsMaximumAndValidatesIt()
    {
        var cluster = WithEndpoint("c", Cluster.Types.DiscoveryType.StrictDns, "backend.local", 80);
        cluster.DnsFailureRefreshRate = new Cluster.Types.RefreshRate { BaseInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)) };
        var dns = ClusterTranslator.Translate(cluster).Dns;
        Assert.Equal(TimeSpan.FromSeconds(2), dns.FailureRefreshBase);
        Assert.Equal(TimeSpan.FromSeconds(20), dns.FailureRefreshMax);

        cluster.DnsFailureRefreshRate.MaxInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        AssertError(cluster, "cluster 'c': dns_failure_refresh_rate.max_interval: dns_failure_refresh_rate must have max_interval " +
                             "greater than or equal to the base_interval");
    }

    [Fact]
    public void LogicalDnsNeedsExactlyOneEndpoint()
    {
        var cluster = WithEndpoint("c", Cluster.Types.DiscoveryType.LogicalDns, "a.local", 80);
        cluster.LoadAssignment.Endpoints[0].LbEndpoints.Add(cluster.LoadAssignment.Endpoints[0].LbEndpoints[0].Clone());
        AssertError(cluster, "cluster 'c': load_assignment: LOGICAL_DNS clusters must have a single locality_lb_endpoint and a single lb_endpoint");
    }

    [Fact]
    public void ExplicitHttp2AndItsOptions()
    {
        var cluster = Eds("c");
        var options = new HttpOptions
        {
            ExplicitHttpConfig = new HttpOptions.Types.ExplicitHttpConfig
            {
                Http2ProtocolOptions = new Http2ProtocolOptions { MaxConcurrentStreams = 100, InitialStreamWindowSize = 65535 },
            },
            CommonHttpProtocolOptions = new Envoy.Config.Core.V3.HttpProtocolOptions
            {
                IdleTimeout = new Duration(),
                MaxStreamDuration = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
                MaxHeadersCount = 50,
            },
            UpstreamHttpProtocolOptions = new UpstreamHttpProtocolOptions { AutoSni = true },
        };
        cluster.TypedExtensionProtocolOptions.Add(HttpOptionsKey, Any.Pack(options));

        var http = ClusterTranslator.Translate(cluster).Http;
        Assert.Equal(UpstreamProtocolSelection.Http2, http.Selection);
        Assert.Equal(100u, http.Http2.MaxConcurrentStreams);
        Assert.Equal(65535u, http.Http2.InitialStreamWindowSize);
        Assert.Null(http.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), http.MaxStreamDuration);
        Assert.Equal(50u, http.MaxHeadersCount);
        Assert.True(http.AutoSni);

        options.ExplicitHttpConfig.Http2ProtocolOptions.InitialStreamWindowSize = 100;
        cluster.TypedExtensionProtocolOptions[HttpOptionsKey] = Any.Pack(options);
        AssertError(cluster, $"cluster 'c': typed_extension_protocol_options['{HttpOptionsKey}'].explicit_http_config." +
                             "http2_protocol_options.initial_stream_window_size: must be within [65535, 2147483647], got 100");
    }

    [Fact]
    public void UseDownstreamAndAutoProtocols()
    {
        var cluster = Eds("c");
        cluster.TypedExtensionProtocolOptions.Add(HttpOptionsKey, Any.Pack(new HttpOptions
        {
            UseDownstreamProtocolConfig = new HttpOptions.Types.UseDownstreamHttpConfig(),
        }));
        Assert.Equal(UpstreamProtocolSelection.UseDownstream, ClusterTranslator.Translate(cluster).Http.Selection);

        cluster.TypedExtensionProtocolOptions[HttpOptionsKey] = Any.Pack(new HttpOptions { AutoConfig = new HttpOptions.Types.AutoHttpConfig() });
        var http = ClusterTranslator.Translate(cluster).Http;
        Assert.Equal(UpstreamProtocolSelection.Auto, http.Selection);
        Assert.Equal(UpstreamProtocolSelection.Http1, http.EffectiveSelection(tls: false));
        Assert.Equal(UpstreamProtocolSelection.Auto, http.EffectiveSelection(tls: true));
    }

    [Fact]
    public void Http3IsRefused()
    {
        var cluster = Eds("c");
        cluster.TypedExtensionProtocolOptions.Add(HttpOptionsKey, Any.Pack(new HttpOptions
        {
            ExplicitHttpConfig = new HttpOptions.Types.ExplicitHttpConfig { Http3ProtocolOptions = new Http3ProtocolOptions() },
        }));
        AssertError(cluster, $"cluster 'c': typed_extension_protocol_options['{HttpOptionsKey}'].explicit_http_config.http3_protocol_options: " +
                             "HTTP3 configured but not enabled in the build.");
    }

    [Fact]
    public void MaxRequestsPerConnectionFromOnePlaceOnly()
    {
        var cluster = Eds("c");
#pragma warning disable CS0612 // the legacy field Envoy still honours
        cluster.MaxRequestsPerConnection = 5;
        Assert.Equal(5u, ClusterTranslator.Translate(cluster).Http.MaxRequestsPerConnection);

        cluster.TypedExtensionProtocolOptions.Add(HttpOptionsKey, Any.Pack(new HttpOptions
        {
            ExplicitHttpConfig = new HttpOptions.Types.ExplicitHttpConfig { HttpProtocolOptions = new Http1ProtocolOptions() },
            CommonHttpProtocolOptions = new Envoy.Config.Core.V3.HttpProtocolOptions { MaxRequestsPerConnection = 7 },
        }));
        AssertError(cluster, "cluster 'c': max_requests_per_connection: Only one of max_requests_per_connection from Cluster or " +
                             "HttpProtocolOptions can be specified");
    }

    [Fact]
    public void LegacyProtocolFields()
    {
        var cluster = Eds("c");
        cluster.Http2ProtocolOptions = new Http2ProtocolOptions();
        Assert.Equal(UpstreamProtocolSelection.Http2, ClusterTranslator.Translate(cluster).Http.Selection);

        cluster.HttpProtocolOptions = new Http1ProtocolOptions();
        AssertError(cluster, "cluster 'c': http2_protocol_options: Both HTTP1 and HTTP2 options may only be configured with " +
                             "non-default 'protocol_selection' values");

        cluster.ProtocolSelection = Cluster.Types.ClusterProtocolSelection.UseDownstreamProtocol;
        Assert.Equal(UpstreamProtocolSelection.UseDownstream, ClusterTranslator.Translate(cluster).Http.Selection);
#pragma warning restore CS0612
    }

    [Fact]
    public void UnknownProtocolOptionsAreRefused()
    {
        var cluster = Eds("c");
        cluster.TypedExtensionProtocolOptions.Add("envoy.filters.network.thrift_proxy", new Any { TypeUrl = "type.googleapis.com/x.Y" });
        AssertError(cluster, "cluster 'c': typed_extension_protocol_options['envoy.filters.network.thrift_proxy']: Didn't find a registered " +
                             "network or http filter or protocol options implementation for name: 'envoy.filters.network.thrift_proxy'");
    }

    [Fact]
    public void KeepaliveAndBindConfig()
    {
        var cluster = Eds("c");
        cluster.UpstreamConnectionOptions = new UpstreamConnectionOptions
        {
            TcpKeepalive = new TcpKeepalive { KeepaliveProbes = 3, KeepaliveTime = 30, KeepaliveInterval = 5 },
        };
        cluster.UpstreamBindConfig = new BindConfig { SourceAddress = new SocketAddress { Address = "::6", PortValue = 0 } };

        var config = ClusterTranslator.Translate(cluster);
        Assert.Equal(new TcpKeepaliveSettings(3, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)), config.TcpKeepalive);
        Assert.Equal("[::6]:0", config.UpstreamBind!.SourceAddress!.ToString());
    }

    [Fact]
    public void TransportSockets()
    {
        var cluster = Eds("c");
        cluster.TransportSocket = new TransportSocket
        {
            Name = "envoy.transport_sockets.tls",
            TypedConfig = Any.Pack(new UpstreamTlsContext { Sni = "backend.example" }),
        };
        var socket = ClusterTranslator.Translate(cluster).TransportSocket;
        Assert.Equal(TransportSocketKind.Tls, socket.Kind);
        Assert.Equal("backend.example", socket.Tls!.Sni);
        Assert.True(socket.IsTls);

        cluster.TransportSocket = new TransportSocket { Name = "envoy.transport_sockets.raw_buffer" };
        Assert.Equal(TransportSocketKind.RawBuffer, ClusterTranslator.Translate(cluster).TransportSocket.Kind);

        cluster.TransportSocket = new TransportSocket
        {
            Name = "envoy.transport_sockets.alts",
            TypedConfig = new Any { TypeUrl = "type.googleapis.com/envoy.extensions.transport_sockets.alts.v3.Alts" },
        };
        AssertError(cluster, "cluster 'c': transport_socket.typed_config: unsupported upstream transport socket " +
                             "'envoy.transport_sockets.alts' (type.googleapis.com/envoy.extensions.transport_sockets.alts.v3.Alts)");
    }

    [Fact]
    public void HealthCheckErrorsNameTheField()
    {
        var cluster = Eds("c");
        cluster.HealthChecks.Add(new HealthCheck
        {
            Interval = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
            UnhealthyThreshold = 2,
            HealthyThreshold = 2,
            TcpHealthCheck = new HealthCheck.Types.TcpHealthCheck(),
        });
        AssertError(cluster, "cluster 'c': health_checks[0].timeout: is required");

        cluster.HealthChecks[0].Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        cluster.HealthChecks[0].HttpHealthCheck = new HealthCheck.Types.HttpHealthCheck { Path = "/h" };
        cluster.HealthChecks[0].HttpHealthCheck.ExpectedStatuses.Add(new Envoy.Type.V3.Int64Range { Start = 99, End = 200 });
        AssertError(cluster, "cluster 'c': health_checks[0].http_health_check.expected_statuses[0].start: expecting start >= 100, but found start=99");
    }

    [Fact]
    public void OutlierDetectionValidation()
    {
        var cluster = Eds("c");
        cluster.OutlierDetection = new OutlierDetection { BaseEjectionTime = Duration.FromTimeSpan(TimeSpan.FromSeconds(400)) };
        AssertError(cluster, "cluster 'c': outlier_detection.max_ejection_time: outlier detector's max_ejection_time cannot be smaller than base_ejection_time");

        cluster.OutlierDetection = new OutlierDetection { MaxEjectionPercent = 101 };
        AssertError(cluster, "cluster 'c': outlier_detection.max_ejection_percent: must be at most 100, got 101");
    }

    [Fact]
    public void MetadataAndOptionalStatsAreKept()
    {
        var cluster = Eds("c");
        cluster.Metadata = new Metadata();
        cluster.Metadata.FilterMetadata.Add("istio", new Struct { Fields = { ["default_original_port"] = Value.ForNumber(8080) } });
        cluster.TrackClusterStats = new TrackClusterStats { RequestResponseSizes = true };
        cluster.CloseConnectionsOnHostHealthFailure = true;
        cluster.IgnoreHealthOnHostRemoval = true;

        var config = ClusterTranslator.Translate(cluster);
        Assert.Equal(8080, config.Metadata!.FilterMetadata["istio"].Fields["default_original_port"].NumberValue);
        Assert.Equal(new TrackClusterStatsSettings(false, true, false), config.TrackClusterStats);
        Assert.True(config.CloseConnectionsOnHostHealthFailure);
        Assert.True(config.IgnoreHealthOnHostRemoval);
    }

    private static void AssertError(Cluster cluster, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigException>(() => ClusterTranslator.Translate(cluster)).Message);

    private static Cluster Eds(string name) => new() { Name = name, Type = Cluster.Types.DiscoveryType.Eds };

    private static Cluster OriginalDst(string name) => new()
    {
        Name = name,
        Type = Cluster.Types.DiscoveryType.OriginalDst,
        LbPolicy = Cluster.Types.LbPolicy.ClusterProvided,
    };

    private static LoadBalancingPolicy.Types.Policy Policy(string name, Any config) =>
        new() { TypedExtensionConfig = new TypedExtensionConfig { Name = name, TypedConfig = config } };

    private static Cluster WithEndpoint(string name, Cluster.Types.DiscoveryType type, string address, uint port)
    {
        var locality = new LocalityLbEndpoints();
        locality.LbEndpoints.Add(new LbEndpoint
        {
            Endpoint = new Endpoint
            {
                Address = new Address { SocketAddress = new SocketAddress { Address = address, PortValue = port } },
            },
        });
        var cluster = new Cluster { Name = name, Type = type, LoadAssignment = new ClusterLoadAssignment { ClusterName = name } };
        cluster.LoadAssignment.Endpoints.Add(locality);
        return cluster;
    }
}
