namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// Bootstrap YAML for tests: an admin listener on {ADMIN_PORT} plus what the test gives. YAML fragments are
/// indented by the helper, so tests write them flush-left.
/// </summary>
public static class Bootstraps
{
    /// <summary>One HTTP listener (codec AUTO) with the given virtual hosts, and the given clusters.</summary>
    public static string Http(int listenerPort, string virtualHostsYaml, string clustersYaml, string hcmExtraYaml = "", string listenerExtraYaml = "") => $$"""
admin:
  address: { socket_address: { address: 127.0.0.1, port_value: {ADMIN_PORT} } }
static_resources:
  listeners:
  - name: http
    address: { socket_address: { address: 127.0.0.1, port_value: {{listenerPort}} } }
{{Indent(listenerExtraYaml, 4)}}
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: ingress
{{Indent(hcmExtraYaml, 10)}}
          route_config:
            name: local
            virtual_hosts:
{{Indent(virtualHostsYaml, 12)}}
          http_filters:
          - name: envoy.filters.http.router
            typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
  clusters:
{{Indent(clustersYaml, 2)}}
""";

    /// <summary>A STATIC cluster over loopback ports (HTTP/1.1 unless <paramref name="http2"/>).</summary>
    public static string StaticCluster(string name, bool http2 = false, string extraYaml = "", params int[] ports)
    {
        var endpoints = string.Join("\n", ports.Select(p => $"      - endpoint: {{ address: {{ socket_address: {{ address: 127.0.0.1, port_value: {p} }} }} }}"));
        var protocol = http2
            ? """
  typed_extension_protocol_options:
    envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
      "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
      explicit_http_config: { http2_protocol_options: {} }
"""
            : "";
        return $"""
- name: {name}
  type: STATIC
  connect_timeout: 1s
{protocol}
{Indent(extraYaml, 2)}
  load_assignment:
    cluster_name: {name}
    endpoints:
    - lb_endpoints:
{endpoints}
""";
    }

    /// <summary>A catch-all virtual host routing every path to <paramref name="cluster"/>.</summary>
    public static string CatchAll(string cluster) => $$"""
- name: all
  domains: ["*"]
  routes:
  - match: { prefix: "/" }
    route: { cluster: {{cluster}} }
""";

    public static string Indent(string yaml, int spaces)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return "";
        }

        var pad = new string(' ', spaces);
        return string.Join("\n", yaml.Replace("\r", "").Trim('\n').Split('\n').Select(line => line.Length == 0 ? line : pad + line));
    }
}
