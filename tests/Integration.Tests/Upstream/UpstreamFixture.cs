using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Upstream;

/// <summary>
/// One proxy with a route prefix per cluster kind: "/rr" round robin over two upstreams, "/h2" HTTP/2
/// upstream, "/big" round robin without a route timeout (Envoy's 15 s default covers the whole response,
/// too short for a 1 GiB body on a busy machine), "/downstream" use_downstream_protocol, "/unix" a Unix-socket endpoint, "/strict" STRICT_DNS and
/// "/logical" LOGICAL_DNS on localhost, "/ring" ring hash on x-user, "/least" least request, "/dst" ORIGINAL_DST taking the destination from
/// x-envoy-original-dst-host. Prefixes are
/// stripped, so "/rr/echo" reaches the upstream's "/echo".
/// </summary>
public sealed class UpstreamFixture : ProxyFixture
{
    public TestUpstream One { get; private set; } = null!;

    public TestUpstream Two { get; private set; } = null!;

    public TestUpstream Unix { get; private set; } = null!;

    protected override async Task<string> PrepareAsync()
    {
        One = Own(await TestUpstream.StartAsync("one"));
        Two = Own(await TestUpstream.StartAsync("two"));
        var socket = Path.Combine(Path.GetTempPath(), "proxy-it-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        Unix = Own(await TestUpstream.StartAsync("unix", socket));
        var both = Own(PrefaceSplitter.Start(One.Port, One.H2Port));

        string Route(string prefix, string cluster, string extra = "") => $$"""
  - match: { prefix: "/{{prefix}}/" }
    route: { cluster: {{cluster}}, prefix_rewrite: "/" {{extra}} }
""";
        var routes = "- name: all\n  domains: [\"*\"]\n  routes:\n" + string.Join("\n",
            Route("rr", "rr"),
            Route("big", "rr", ", timeout: 0s"),
            Route("h2", "h2"),
            Route("downstream", "downstream"),
            Route("unix", "unix"),
            Route("strict", "strict"),
            Route("logical", "logical"),
            Route("ring", "ring", ", hash_policy: [{ header: { header_name: x-user } }]"),
            Route("least", "least"),
            Route("dst", "dst"));

        const string dnsCluster = """
- name: {0}
  type: {1}
  connect_timeout: 1s
  dns_lookup_family: V4_ONLY
  load_assignment:
    cluster_name: {0}
    endpoints:
    - lb_endpoints:
      - endpoint: {{ address: {{ socket_address: {{ address: localhost, port_value: {2} }} }} }}
""";
        var clusters = string.Join("\n",
            Bootstraps.StaticCluster("rr", ports: [One.Port, Two.Port]),
            Bootstraps.StaticCluster("h2", http2: true, ports: One.H2Port),
            Bootstraps.StaticCluster("ring", extraYaml: "lb_policy: RING_HASH", ports: [One.Port, Two.Port]),
            """
- name: dst
  type: ORIGINAL_DST
  lb_policy: CLUSTER_PROVIDED
  connect_timeout: 1s
  original_dst_lb_config: { use_http_header: true }
""",
            Bootstraps.StaticCluster("least", extraYaml: "lb_policy: LEAST_REQUEST\nleast_request_lb_config: { choice_count: 20 }", ports: [One.Port, Two.Port]),
            string.Format(System.Globalization.CultureInfo.InvariantCulture, dnsCluster, "strict", "STRICT_DNS", One.Port),
            string.Format(System.Globalization.CultureInfo.InvariantCulture, dnsCluster, "logical", "LOGICAL_DNS", Two.Port),
            $$"""
- name: unix
  type: STATIC
  connect_timeout: 1s
  load_assignment:
    cluster_name: unix
    endpoints:
    - lb_endpoints:
      - endpoint: { address: { pipe: { path: "{{socket}}" } } }
""",
            $$"""
- name: downstream
  type: STATIC
  connect_timeout: 1s
  typed_extension_protocol_options:
    envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
      "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
      use_downstream_protocol_config: { http_protocol_options: {}, http2_protocol_options: {} }
  load_assignment:
    cluster_name: downstream
    endpoints:
    - lb_endpoints:
      - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: {{both.Port}} } } }
""");
        return Bootstraps.Http(Port, routes, clusters);
    }
}
