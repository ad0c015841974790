using Microsoft.AspNetCore.Http;
using Proxy.Filters.StreamInfo;
using Proxy.Routing;
using Proxy.Routing.Actions;
using Proxy.Routing.Headers;

namespace Proxy.Tests.Routing;

public sealed class HeaderMutationTests
{
    private static (RouteEntry Route, HttpContext Http) Setup(string yaml, string path = "/", params (string, string)[] headers)
    {
        RouteTable table = Routes.Table(yaml);
        HttpContext http = Routes.Http(path, "example.com", headers);
        RouteEntry route = table.Route(http.Request).Route!;
        return (route, http);
    }

    private static IHeaderDictionary ApplyRequest(string yaml, string path = "/", params (string, string)[] headers)
    {
        var (route, http) = Setup(yaml, path, headers);
        HeaderMutator.ApplyRequestMutations(http.Request.Headers, route, null, http, new StreamInfo { RouteName = route.Name });
        return http.Request.Headers;
    }

    private static string OneRoute(string routeMutations, string vhMutations = "", string tableMutations = "") => $$"""
        name: r
        {{tableMutations}}
        virtual_hosts:
        - name: vh
          domains: ['*']
          {{vhMutations}}
          routes:
          - {name: route-1, match: {prefix: /}, route: {cluster: c}, {{routeMutations}}}
        """;

    [Fact]
    public void AppendIsTheDefaultAndAddsAValue()
    {
        var headers = ApplyRequest(OneRoute("request_headers_to_add: [{header: {key: x-a, value: new}}]"), "/", ("x-a", "old"));
        Assert.Equal("old|new", string.Join('|', headers["x-a"].ToArray()));
    }

    [Fact]
    public void AppendFalseOverwrites()
    {
        var headers = ApplyRequest(OneRoute("request_headers_to_add: [{header: {key: x-a, value: new}, append: false}]"), "/", ("x-a", "old"));
        Assert.Equal("new", headers["x-a"].ToString());
    }

    [Theory]
    [InlineData("APPEND_IF_EXISTS_OR_ADD", true, "old,new")]
    [InlineData("APPEND_IF_EXISTS_OR_ADD", false, "new")]
    [InlineData("ADD_IF_ABSENT", true, "old")]
    [InlineData("ADD_IF_ABSENT", false, "new")]
    [InlineData("OVERWRITE_IF_EXISTS_OR_ADD", true, "new")]
    [InlineData("OVERWRITE_IF_EXISTS_OR_ADD", false, "new")]
    [InlineData("OVERWRITE_IF_EXISTS", true, "new")]
    [InlineData("OVERWRITE_IF_EXISTS", false, "")]
    public void AppendActions(string action, bool present, string expected)
    {
        (string, string)[] existing = present ? [("x-a", "old")] : [];
        var headers = ApplyRequest(OneRoute($"request_headers_to_add: [{{header: {{key: x-a, value: new}}, append_action: {action}}}]"), "/", existing);
        Assert.Equal(expected, string.Join(',', headers["x-a"].ToArray()));
    }

    [Fact]
    public void EmptyValuesAreSkippedUnlessKept()
    {
        var (route, http) = Setup(OneRoute("request_headers_to_add: [{header: {key: x-empty}}, {header: {key: x-kept}, keep_empty_value: true}]"));
        var headers = new PlainHeaders();
        HeaderMutator.ApplyRequestMutations(headers, route, null, http, new StreamInfo());
        Assert.False(headers.ContainsKey("x-empty"));
        Assert.True(headers.ContainsKey("x-kept"));
        Assert.Equal(string.Empty, headers["x-kept"].ToString());
    }

    [Fact]
    public void RemovalsHappenBeforeAdditions()
    {
        var headers = ApplyRequest(OneRoute("request_headers_to_remove: [x-a], request_headers_to_add: [{header: {key: x-a, value: new}}]"), "/", ("x-a", "old"));
        Assert.Equal("new", headers["x-a"].ToString());
    }

    [Fact]
    public void FormattersSeeTheHeadersAsTheyWereBeforeTheLevelsChanges()
    {
        var headers = ApplyRequest(OneRoute("request_headers_to_add: [{header: {key: x-a, value: changed}, append_action: OVERWRITE_IF_EXISTS_OR_ADD}, {header: {key: x-copy, value: 'copy-of-%REQ(x-a)%'}}]"), "/", ("x-a", "original"));
        Assert.Equal("changed", headers["x-a"].ToString());
        Assert.Equal("copy-of-original", headers["x-copy"].ToString());
    }

    [Fact]
    public void ConditionsAreCheckedBeforeTheLevelsChanges()
    {
        // Both entries see x-a absent, so both add it.
        var headers = ApplyRequest(OneRoute("request_headers_to_add: [{header: {key: x-a, value: one}}, {header: {key: x-a, value: two}, append_action: ADD_IF_ABSENT}]"));
        Assert.Equal("one|two", string.Join('|', headers["x-a"].ToArray()));
    }

    [Fact]
    public void FormattedValuesUseStreamInfo()
    {
        var headers = ApplyRequest(OneRoute("request_headers_to_add: [{header: {key: x-route, value: '%ROUTE_NAME% 100%%'}}]"));
        Assert.Equal("route-1 100%", headers["x-route"].ToString());
    }

    [Fact]
    public void ByDefaultTheRouteConfigurationWinsOverwrites()
    {
        string yaml = OneRoute(
            "request_headers_to_add: [{header: {key: x-level, value: route}, append: false}]",
            "request_headers_to_add: [{header: {key: x-level, value: vhost}, append: false}]",
            "request_headers_to_add: [{header: {key: x-level, value: config}, append: false}]");
        Assert.Equal("config", ApplyRequest(yaml)["x-level"].ToString());
    }

    [Fact]
    public void MostSpecificHeaderMutationsWinsLetsTheRouteWin()
    {
        string yaml = OneRoute(
            "request_headers_to_add: [{header: {key: x-level, value: route}, append: false}]",
            "request_headers_to_add: [{header: {key: x-level, value: vhost}, append: false}]",
            "most_specific_header_mutations_wins: true\nrequest_headers_to_add: [{header: {key: x-level, value: config}, append: false}]");
        Assert.Equal("route", ApplyRequest(yaml)["x-level"].ToString());
    }

    [Fact]
    public void AppendedValuesFollowTheLevelOrder()
    {
        string yaml = OneRoute(
            "request_headers_to_add: [{header: {key: x-trail, value: route}}]",
            "request_headers_to_add: [{header: {key: x-trail, value: vhost}}]",
            "request_headers_to_add: [{header: {key: x-trail, value: config}}]");
        Assert.Equal("route|vhost|config", string.Join('|', ApplyRequest(yaml)["x-trail"].ToArray()));
    }

    [Fact]
    public void ResponseMutationsAtEveryLevel()
    {
        string yaml = OneRoute(
            "response_headers_to_add: [{header: {key: x-r, value: route}}], response_headers_to_remove: [server]",
            "response_headers_to_add: [{header: {key: x-v, value: vhost}}]",
            "response_headers_to_add: [{header: {key: x-c, value: config}}]");
        var (route, http) = Setup(yaml);
        var response = new HeaderDictionary { ["server"] = "upstream" };
        HeaderMutator.ApplyResponseMutations(response, route, null, http, new StreamInfo());
        Assert.False(response.ContainsKey("server"));
        Assert.Equal("route", response["x-r"].ToString());
        Assert.Equal("vhost", response["x-v"].ToString());
        Assert.Equal("config", response["x-c"].ToString());
    }

    [Fact]
    public void DirectResponseRoutesCarryResponseHeaders()
    {
        var (route, http) = Setup("virtual_hosts: [{name: vh, domains: ['*'], routes: [{match: {prefix: /}, direct_response: {status: 200}, response_headers_to_add: [{header: {key: x-direct, value: yes}}]}]}]");
        var response = new HeaderDictionary();
        HeaderMutator.ApplyResponseMutations(response, route, null, http, new StreamInfo());
        Assert.Equal("yes", response["x-direct"].ToString());
    }

    [Fact]
    public void WeightedClusterMutationsComeFirstAndItsHostRewriteApplies()
    {
        var (route, http) = Setup("""
            virtual_hosts:
            - name: vh
              domains: ['*']
              routes:
              - match: {prefix: /}
                request_headers_to_add: [{header: {key: x-backend, value: route}, append: false}]
                route:
                  weighted_clusters:
                    clusters:
                    - name: a
                      weight: 1
                      host_rewrite_literal: a.internal
                      request_headers_to_add: [{header: {key: x-backend, value: primary}, append_action: OVERWRITE_IF_EXISTS_OR_ADD}, {header: {key: x-only-a, value: '1'}}]
                      response_headers_to_add: [{header: {key: x-served-by, value: a}}]
            """);
        ClusterSelector.SelectCluster(route, RequestView.From(http.Request), 0, out WeightedCluster? picked);
        HeaderMutator.ApplyRequestMutations(http.Request.Headers, route, picked, http, new StreamInfo());
        Assert.Equal("route", http.Request.Headers["x-backend"].ToString());
        Assert.Equal("1", http.Request.Headers["x-only-a"].ToString());
        Assert.Equal("a.internal", http.Request.Headers.Host.ToString());

        var response = new HeaderDictionary();
        HeaderMutator.ApplyResponseMutations(response, route, picked, http, new StreamInfo());
        Assert.Equal("a", response["x-served-by"].ToString());
    }

    [Fact]
    public void HostRewriteLiteralAppendsForwardedHost()
    {
        var headers = ApplyRequest(OneRoute("request_headers_to_add: []", "", "").Replace("route: {cluster: c}", "route: {cluster: c, host_rewrite_literal: upstream.local, append_x_forwarded_host: true}"));
        Assert.Equal("upstream.local", headers.Host.ToString());
        Assert.Equal("example.com", headers["x-forwarded-host"].ToString());
    }

    [Fact]
    public void ForwardedHostIsNotAppendedTwice()
    {
        IHeaderDictionary headers = new HeaderDictionary { ["host"] = "a.com", ["x-forwarded-host"] = "z.com,a.com" };
        HeaderMutator.SetAuthority(headers, "b.com", appendForwardedHost: true);
        Assert.Equal("z.com,a.com", headers["x-forwarded-host"].ToString());
        HeaderMutator.SetAuthority(headers, "c.com", appendForwardedHost: true);
        Assert.Equal("z.com,a.com,b.com", headers["x-forwarded-host"].ToString());
        HeaderMutator.SetAuthority(headers, "d.com", appendForwardedHost: false);
        Assert.Equal("d.com", headers.Host.ToString());
        Assert.Equal("z.com,a.com,b.com", headers["x-forwarded-host"].ToString());
    }

    [Fact]
    public void HostRewriteHeaderUsesTheFirstNonEmptyValue()
    {
        string yaml = OneRoute("request_headers_to_add: []").Replace("route: {cluster: c}", "route: {cluster: c, host_rewrite_header: x-host}");
        Assert.Equal("override.local", ApplyRequest(yaml, "/", ("x-host", "override.local"), ("x-host", "second"))["host"].ToString());
        Assert.Equal("example.com", ApplyRequest(yaml, "/", ("x-host", ""))["host"].ToString());
        Assert.Equal("example.com", ApplyRequest(yaml, "/")["host"].ToString());
    }

    // RouteAction.host_rewrite_path_regex doc example. The doc's path "/envoyproxy.io/some/path" would give
    // "envoyproxy.io/some": the greedy group takes all but the last segment under RE2's leftmost-first rules too.
    [Fact]
    public void HostRewritePathRegex()
    {
        string yaml = OneRoute("request_headers_to_add: []").Replace("route: {cluster: c}", @"route: {cluster: c, host_rewrite_path_regex: {pattern: {google_re2: {}, regex: '^/(.+)/.+$'}, substitution: '\1'}}");
        Assert.Equal("envoyproxy.io", ApplyRequest(yaml, "/envoyproxy.io/path?x=1")["host"].ToString());
        Assert.Equal("envoyproxy.io/some", ApplyRequest(yaml, "/envoyproxy.io/some/path")["host"].ToString());
    }

    [Fact]
    public void InternalOnlyHeadersAreRemovedOnRequest()
    {
        RouteTable table = Routes.Table("internal_only_headers: [X-Internal-Secret]\nvirtual_hosts: []");
        var headers = new HeaderDictionary { ["x-internal-secret"] = "1", ["x-other"] = "2" };
        HeaderMutator.RemoveInternalOnlyHeaders(headers, table);
        Assert.False(headers.ContainsKey("x-internal-secret"));
        Assert.True(headers.ContainsKey("x-other"));
    }

    [Fact]
    public void AuthorityMutationBuiltInCodeSetsHost()
    {
        var mutations = new HeaderMutations([], [new HeaderToAdd(":authority", "other.local", null, HeaderAppendAction.OverwriteIfExistsOrAdd, false)]);
        IHeaderDictionary headers = new HeaderDictionary { ["host"] = "a.com" };
        mutations.Apply(headers, new DefaultHttpContext(), new StreamInfo());
        Assert.Equal("other.local", headers.Host.ToString());
    }

    [Fact]
    public void RawValueAndNamesAreLowerCased()
    {
        var headers = ApplyRequest(OneRoute("request_headers_to_add: [{header: {key: X-Raw, raw_value: 'cmF3'}}]"));
        Assert.Equal("raw", headers["x-raw"].ToString());
    }

    [Fact]
    public void AttemptCountFlagsAreRecorded()
    {
        RouteTable table = Routes.Table("virtual_hosts: [{name: vh, domains: ['*'], include_request_attempt_count: true, include_attempt_count_in_response: true, routes: []}]");
        Assert.True(table.VirtualHosts[0].IncludeRequestAttemptCount);
        Assert.True(table.VirtualHosts[0].IncludeAttemptCountInResponse);
    }
}
