using Proxy.Routing;
using Proxy.Routing.Actions;

namespace Proxy.Tests.Routing;

public sealed class RouteActionTranslationTests
{
    private static RouteAction Action(string routeActionYaml) =>
        Routes.WithRoutes($"- {{match: {{prefix: /}}, route: {{{routeActionYaml}}}}}").VirtualHosts[0].Routes[0].RouteAction!;

    [Fact]
    public void Defaults()
    {
        RouteAction action = Action("cluster: c");
        Assert.Equal("c", action.Cluster);
        Assert.Equal(TimeSpan.FromSeconds(15), action.Timeout);
        Assert.Null(action.IdleTimeout);
        Assert.Null(action.RetryPolicy);
        Assert.Equal(503, action.ClusterNotFoundResponseCode);
        Assert.Equal(RoutingPriority.Default, action.Priority);
        Assert.Empty(action.HashPolicies);
        Assert.Empty(action.RequestMirrorPolicies);
        Assert.Null(action.InternalRedirectPolicy);
    }

    [Fact]
    public void Timeouts()
    {
        RouteAction action = Action("cluster: c, timeout: 0s, idle_timeout: 30.5s, max_stream_duration: {max_stream_duration: 60s, grpc_timeout_header_max: 0s, grpc_timeout_header_offset: 0.1s}, max_grpc_timeout: 0s");
        Assert.Equal(TimeSpan.Zero, action.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30.5), action.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), action.MaxStreamDuration!.MaxStreamDuration);
        Assert.Equal(TimeSpan.Zero, action.MaxStreamDuration.GrpcTimeoutHeaderMax);
        Assert.Equal(TimeSpan.FromMilliseconds(100), action.MaxStreamDuration.GrpcTimeoutHeaderOffset);
        Assert.Equal(TimeSpan.Zero, action.MaxGrpcTimeout);
    }

    [Fact]
    public void TimeoutsKeepWholeMilliseconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Action("cluster: c, timeout: 1.5009s").Timeout);
    }

    [Theory]
    [InlineData("NOT_FOUND", 404)]
    [InlineData("INTERNAL_SERVER_ERROR", 500)]
    [InlineData("SERVICE_UNAVAILABLE", 503)]
    public void ClusterNotFoundResponseCode(string code, int expected) =>
        Assert.Equal(expected, Action($"cluster: c, cluster_not_found_response_code: {code}").ClusterNotFoundResponseCode);

    // Istio's default retry policy (sidecar_2022_routes_clusters_http.json).
    [Fact]
    public void IstioDefaultRetryPolicy()
    {
        RetryPolicy retry = Action("""
            cluster: c, retry_policy: {retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', num_retries: 2,
              retry_host_predicate: [{name: envoy.retry_host_predicates.previous_hosts, typed_config: {'@type': type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate}}],
              host_selection_retry_max_attempts: '5', retriable_status_codes: [503]}
            """).RetryPolicy!;
        Assert.Equal(RetryOn.ConnectFailure | RetryOn.RefusedStream | RetryOn.GrpcUnavailable | RetryOn.GrpcCancelled | RetryOn.RetriableStatusCodes, retry.RetryOn);
        Assert.Equal(2u, retry.NumRetries);
        Assert.Equal("envoy.retry_host_predicates.previous_hosts", Assert.Single(retry.RetryHostPredicates).Name);
        Assert.Equal(5, retry.HostSelectionRetryMaxAttempts);
        Assert.Equal([503], retry.RetriableStatusCodes);
        Assert.Equal(TimeSpan.FromMilliseconds(25), retry.BackOff.BaseInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(250), retry.BackOff.MaxInterval);
    }

    [Fact]
    public void RetryPolicyDetails()
    {
        RetryPolicy retry = Action("""
            cluster: c, retry_policy: {retry_on: ' 5xx , gateway-error,unknown-thing', per_try_timeout: 2s, per_try_idle_timeout: 1s,
              retry_back_off: {base_interval: 0.0001s},
              rate_limited_retry_back_off: {reset_headers: [{name: Retry-After}, {name: X-RateLimit-Reset, format: UNIX_TIMESTAMP}]},
              retriable_headers: [{name: x-retry, present_match: true}], retriable_request_headers: [{name: ':method', string_match: {exact: GET}}],
              retry_priority: {name: envoy.retry_priorities.previous_priorities}}
            """).RetryPolicy!;
        Assert.Equal(RetryOn.FiveXx | RetryOn.GatewayError, retry.RetryOn);
        Assert.Equal(1u, retry.NumRetries);
        Assert.Equal(TimeSpan.FromSeconds(2), retry.PerTryTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.PerTryIdleTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1), retry.BackOff.BaseInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(10), retry.BackOff.MaxInterval);
        Assert.Equal([new ResetHeader("retry-after", false), new ResetHeader("x-ratelimit-reset", true)], retry.RateLimitedBackOff!.ResetHeaders);
        Assert.Equal(TimeSpan.FromSeconds(300), retry.RateLimitedBackOff.MaxInterval);
        Assert.Single(retry.RetriableHeaders);
        Assert.True(retry.RetriableRequestHeaders[0].Matches(Routes.Request("/")));
        Assert.Equal("envoy.retry_priorities.previous_priorities", retry.RetryPriority!.Name);
    }

    [Fact]
    public void RouteRetryPolicyReplacesTheVirtualHostsAndOtherwiseInheritsIt()
    {
        RouteTable table = Routes.Table("""
            virtual_hosts:
            - name: vh
              domains: ['*']
              retry_policy: {retry_on: 5xx, num_retries: 3}
              hedge_policy: {hedge_on_per_try_timeout: true}
              routes:
              - {match: {prefix: /own}, route: {cluster: c, retry_policy: {retry_on: reset}}}
              - {match: {prefix: /}, route: {cluster: c}}
            """);
        RetryPolicy own = table.VirtualHosts[0].Routes[0].RouteAction!.RetryPolicy!;
        RetryPolicy inherited = table.VirtualHosts[0].Routes[1].RouteAction!.RetryPolicy!;
        Assert.Equal(RetryOn.Reset, own.RetryOn);
        Assert.Equal(1u, own.NumRetries);
        Assert.Equal(RetryOn.FiveXx, inherited.RetryOn);
        Assert.Equal(3u, inherited.NumRetries);
        Assert.True(table.VirtualHosts[0].Routes[1].RouteAction!.HedgePolicy!.HedgeOnPerTryTimeout);
    }

    [Fact]
    public void MirrorPoliciesComeFromTheMostSpecificLevel()
    {
        RouteTable table = Routes.Table("""
            request_mirror_policies: [{cluster: config-mirror}]
            virtual_hosts:
            - name: with-own
              domains: [a.com]
              request_mirror_policies: [{cluster: vh-mirror, runtime_fraction: {default_value: {numerator: 50}}}]
              routes:
              - {match: {prefix: /route}, route: {cluster: c, request_mirror_policies: [{cluster_header: x-mirror, disable_shadow_host_suffix_append: true, trace_sampled: false}]}}
              - {match: {prefix: /}, route: {cluster: c}}
            - name: inherits
              domains: [b.com]
              routes:
              - {match: {prefix: /}, route: {cluster: c}}
            """);
        RequestMirrorPolicy routeLevel = Assert.Single(table.VirtualHosts[0].Routes[0].RouteAction!.RequestMirrorPolicies);
        Assert.Equal("x-mirror", routeLevel.ClusterHeader);
        Assert.True(routeLevel.DisableShadowHostSuffixAppend);
        Assert.False(routeLevel.TraceSampled);
        Assert.Equal(100u, routeLevel.RuntimeFraction.Numerator);
        RequestMirrorPolicy vhLevel = Assert.Single(table.VirtualHosts[0].Routes[1].RouteAction!.RequestMirrorPolicies);
        Assert.Equal("vh-mirror", vhLevel.Cluster);
        Assert.Equal(50u, vhLevel.RuntimeFraction.Numerator);
        Assert.Equal("config-mirror", Assert.Single(table.VirtualHosts[1].Routes[0].RouteAction!.RequestMirrorPolicies).Cluster);
        Assert.Equal(["c", "config-mirror", "vh-mirror"], table.ReferencedClusters);
    }

    [Fact]
    public void UpgradeConfigsPerRoute()
    {
        RouteAction action = Action("cluster: c, upgrade_configs: [{upgrade_type: WebSocket, enabled: false}, {upgrade_type: CONNECT, connect_config: {allow_post: true}}]");
        Assert.False(action.IsUpgradeEnabled("websocket", connectionManagerEnabled: true));
        Assert.True(action.IsUpgradeEnabled("connect", connectionManagerEnabled: false));
        Assert.True(action.UpgradeConfigs["connect"].AllowPost);
        Assert.True(action.IsUpgradeEnabled("h2c", connectionManagerEnabled: true));
        Assert.False(action.IsUpgradeEnabled("h2c", connectionManagerEnabled: false));
    }

    [Fact]
    public void InternalRedirectPolicy()
    {
        InternalRedirectPolicy policy = Action("cluster: c, internal_redirect_policy: {max_internal_redirects: 3, redirect_response_codes: [301, 200, 307], allow_cross_scheme_redirect: true, response_headers_to_copy: [X-Foo]}").InternalRedirectPolicy!;
        Assert.Equal(3u, policy.MaxInternalRedirects);
        Assert.Equal([301, 307], policy.RedirectResponseCodes);
        Assert.True(policy.AllowCrossSchemeRedirect);
        Assert.Equal(["x-foo"], policy.ResponseHeadersToCopy);
        Assert.Equal([302], Action("cluster: c, internal_redirect_policy: {}").InternalRedirectPolicy!.RedirectResponseCodes);
        Assert.Equal(1u, Action("cluster: c, internal_redirect_action: HANDLE_INTERNAL_REDIRECT").InternalRedirectPolicy!.MaxInternalRedirects);
    }

    [Fact]
    public void PriorityHostRewritesAndMetadataMatch()
    {
        RouteAction action = Action("cluster: c, priority: HIGH, auto_host_rewrite: true, metadata_match: {filter_metadata: {envoy.lb: {version: v1}}}");
        Assert.Equal(RoutingPriority.High, action.Priority);
        Assert.True(action.AutoHostRewrite);
        Assert.Equal("v1", action.MetadataMatch!.Fields["version"].StringValue);
    }

    [Fact]
    public void HashPolicyRecords()
    {
        HashPolicy[] policies = Action("cluster: c, hash_policy: [{header: {header_name: X-User}, terminal: true}, {cookie: {name: sid, ttl: 10.9s, path: /}}, {filter_state: {key: k}}]").HashPolicies;
        Assert.Equal(HashPolicyKind.Header, policies[0].Kind);
        Assert.Equal("x-user", policies[0].Name);
        Assert.True(policies[0].Terminal);
        Assert.Equal(TimeSpan.FromSeconds(10), policies[1].CookieTtl);
        Assert.Equal("/", policies[1].CookiePath);
        Assert.Equal(HashPolicyKind.FilterState, policies[2].Kind);
    }

    [Fact]
    public void RouteLevelRecords()
    {
        RouteTable table = Routes.Table("""
            virtual_hosts:
            - name: vh
              domains: ['*']
              per_request_buffer_limit_bytes: 1024
              virtual_clusters: [{name: admin, headers: [{name: ':path', string_match: {prefix: /admin}}]}]
              routes:
              - name: r
                match: {prefix: /}
                route: {cluster: c}
                decorator: {operation: 'svc:80/*'}
                tracing: {random_sampling: {numerator: 10}}
                metadata: {filter_metadata: {istio: {config: /apis/x}}}
                typed_per_filter_config: {envoy.filters.http.fault: {'@type': type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault}}
                stat_prefix: critical
            """);
        RouteEntry route = table.VirtualHosts[0].Routes[0];
        Assert.Equal(new Decorator("svc:80/*", true), route.Decorator);
        Assert.Equal(10u, route.Tracing!.RandomSampling.Numerator);
        Assert.Equal(100u, route.Tracing.OverallSampling.Numerator);
        Assert.Equal("/apis/x", route.Metadata!.FilterMetadata["istio"].Fields["config"].StringValue);
        Assert.True(route.TypedPerFilterConfig.ContainsKey("envoy.filters.http.fault"));
        Assert.Equal(1024u, route.PerRequestBufferLimitBytes);
        Assert.Equal("critical", route.StatPrefix);
        Assert.Same(table.VirtualHosts[0], route.VirtualHost);
        Assert.Same(table, route.VirtualHost.RouteTable);
        Assert.Equal("admin", Assert.Single(table.VirtualHosts[0].VirtualClusters).Name);
    }
}
