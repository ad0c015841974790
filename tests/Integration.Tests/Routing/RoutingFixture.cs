using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Routing;

/// <summary>
/// One proxy whose route table exercises domain selection (virtual hosts answering with a direct response
/// that names them), every route matcher (direct responses naming the route) and every route action
/// against two upstreams "a" and "b".
/// </summary>
public sealed class RoutingFixture : ProxyFixture
{
    public TestUpstream A { get; private set; } = null!;

    public TestUpstream B { get; private set; } = null!;

    protected override async Task<string> PrepareAsync()
    {
        A = Own(await TestUpstream.StartAsync("a"));
        B = Own(await TestUpstream.StartAsync("b"));
        var clusters = Bootstraps.StaticCluster("a", ports: A.Port) + "\n" + Bootstraps.StaticCluster("b", ports: B.Port) + "\n" + $$"""
- name: dns_localhost
  type: STRICT_DNS
  connect_timeout: 1s
  dns_lookup_family: V4_ONLY
  load_assignment:
    cluster_name: dns_localhost
    endpoints:
    - lb_endpoints:
      - endpoint: { address: { socket_address: { address: localhost, port_value: {{A.Port}} } } }
""";
        return Bootstraps.Http(Port, VirtualHosts, clusters, routeConfigExtraYaml: RouteConfigHeaders);
    }

    private const string RouteConfigHeaders = """
request_headers_to_add:
- header: { key: x-appended, value: config }
  append_action: APPEND_IF_EXISTS_OR_ADD
- header: { key: x-overwritten, value: config }
  append_action: OVERWRITE_IF_EXISTS_OR_ADD
response_headers_to_add:
- header: { key: x-resp, value: config }
  append_action: APPEND_IF_EXISTS_OR_ADD
""";

    private static string Direct(string body) => $$"""{ status: 200, body: { inline_string: "{{body}}" } }""";

    private static readonly string VirtualHosts = $$"""
- name: exact
  domains: ["exact.test"]
  routes: [{ match: { prefix: "/" }, direct_response: {{Direct("vh-exact")}} }]
- name: suffix
  domains: ["*.suffix.test"]
  routes: [{ match: { prefix: "/" }, direct_response: {{Direct("vh-suffix")}} }]
- name: longer_suffix
  domains: ["*.deep.suffix.test"]
  routes: [{ match: { prefix: "/" }, direct_response: {{Direct("vh-longer-suffix")}} }]
- name: prefix
  domains: ["prefix.*"]
  routes: [{ match: { prefix: "/" }, direct_response: {{Direct("vh-prefix")}} }]
- name: host_port
  domains: ["port.test:8080"]
  routes: [{ match: { prefix: "/" }, direct_response: {{Direct("vh-host-port")}} }]
- name: matchers
  domains: ["match.test"]
  routes:
  - { match: { path: "/exact" }, direct_response: {{Direct("path")}} }
  - { match: { safe_regex: { regex: "/re/[0-9]+" } }, direct_response: {{Direct("safe-regex")}} }
  - { match: { path_separated_prefix: "/sep" }, direct_response: {{Direct("path-separated-prefix")}} }
  - { match: { prefix: "/case", case_sensitive: false }, direct_response: {{Direct("case-insensitive")}} }
  - { match: { prefix: "/Strict" }, direct_response: {{Direct("case-sensitive")}} }
  - { match: { prefix: "/h", headers: [{ name: x-exact, string_match: { exact: "v" } }] }, direct_response: {{Direct("h-exact")}} }
  - { match: { prefix: "/h", headers: [{ name: x-prefix, string_match: { prefix: "pre" } }] }, direct_response: {{Direct("h-prefix")}} }
  - { match: { prefix: "/h", headers: [{ name: x-suffix, string_match: { suffix: "suf" } }] }, direct_response: {{Direct("h-suffix")}} }
  - { match: { prefix: "/h", headers: [{ name: x-contains, string_match: { contains: "mid" } }] }, direct_response: {{Direct("h-contains")}} }
  - { match: { prefix: "/h", headers: [{ name: x-regex, string_match: { safe_regex: { regex: "[a-z]+-[0-9]+" } } }] }, direct_response: {{Direct("h-regex")}} }
  - { match: { prefix: "/h", headers: [{ name: x-present, present_match: true }] }, direct_response: {{Direct("h-present")}} }
  - { match: { prefix: "/h", headers: [{ name: x-range, range_match: { start: 10, end: 20 } }] }, direct_response: {{Direct("h-range")}} }
  - { match: { prefix: "/h", headers: [{ name: x-invert, string_match: { exact: "no" }, invert_match: true }] }, direct_response: {{Direct("h-invert")}} }
  - { match: { prefix: "/h" }, direct_response: {{Direct("h-none")}} }
  - { match: { prefix: "/q", query_parameters: [{ name: debug, string_match: { exact: "1" } }] }, direct_response: {{Direct("q-exact")}} }
  - { match: { prefix: "/q", query_parameters: [{ name: flag, present_match: true }] }, direct_response: {{Direct("q-present")}} }
  - { match: { prefix: "/q" }, direct_response: {{Direct("q-none")}} }
  - { match: { prefix: "/g", grpc: {} }, direct_response: {{Direct("grpc")}} }
  - { match: { prefix: "/g" }, direct_response: {{Direct("not-grpc")}} }
  - { match: { prefix: "/" }, direct_response: {{Direct("fallback")}} }
- name: actions
  domains: ["action.test", "action.test:80"]
  request_headers_to_add:
  - header: { key: x-appended, value: vhost }
    append_action: APPEND_IF_EXISTS_OR_ADD
  request_headers_to_remove: [x-client-secret]
  response_headers_to_add:
  - header: { key: x-resp, value: vhost }
    append_action: APPEND_IF_EXISTS_OR_ADD
  routes:
  - match: { prefix: "/to-a" }
    route: { cluster: a }
  - match: { prefix: "/by-header" }
    route: { cluster_header: x-cluster }
  - match: { prefix: "/weighted" }
    route:
      weighted_clusters:
        clusters: [{ name: a, weight: 90 }, { name: b, weight: 10 }]
  - match: { prefix: "/redirect-https" }
    redirect: { https_redirect: true }
  - match: { prefix: "/redirect-host" }
    redirect: { host_redirect: "new.test", port_redirect: 8443, response_code: FOUND }
  - match: { prefix: "/redirect-path" }
    redirect: { path_redirect: "/new/path", strip_query: true, response_code: SEE_OTHER }
  - match: { prefix: "/redirect-prefix/" }
    redirect: { prefix_rewrite: "/replaced/", response_code: TEMPORARY_REDIRECT }
  - match: { prefix: "/direct" }
    direct_response: { status: 418, body: { inline_string: "i am a teapot" } }
  - match: { prefix: "/rewrite/" }
    route: { cluster: a, prefix_rewrite: "/echo/" }
  - match: { prefix: "/regex/" }
    route:
      cluster: a
      regex_rewrite: { pattern: { regex: "^/regex/([a-z]+)/([a-z]+)$" }, substitution: "/echo/\\2/\\1" }
  - match: { prefix: "/host-literal" }
    route: { cluster: a, prefix_rewrite: "/echo", host_rewrite_literal: "rewritten.test" }
  - match: { prefix: "/auto-host" }
    route: { cluster: dns_localhost, prefix_rewrite: "/echo", auto_host_rewrite: true }
  - match: { prefix: "/slow" }
    route: { cluster: a, prefix_rewrite: "/delay/5000", timeout: 0.2s }
  - match: { prefix: "/headers" }
    route: { cluster: a, prefix_rewrite: "/echo" }
    request_headers_to_add:
    - header: { key: x-appended, value: route }
      append_action: APPEND_IF_EXISTS_OR_ADD
    - header: { key: x-overwritten, value: route }
      append_action: OVERWRITE_IF_EXISTS_OR_ADD
    - header: { key: x-if-absent, value: route }
      append_action: ADD_IF_ABSENT
    - header: { key: x-client-ip, value: "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%" }
    response_headers_to_add:
    - header: { key: x-resp, value: route }
      append_action: APPEND_IF_EXISTS_OR_ADD
    response_headers_to_remove: [x-upstream]
- name: star
  domains: ["*"]
  routes: [{ match: { prefix: "/" }, direct_response: {{Direct("vh-star")}} }]
""";
}
