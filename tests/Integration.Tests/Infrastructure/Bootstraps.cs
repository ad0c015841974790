namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// Bootstrap YAML for tests: an admin listener on {ADMIN_PORT} plus what the test gives. YAML fragments are
/// indented by the helper, so tests write them flush-left.
/// </summary>
public static class Bootstraps
{
    /// <summary>
    /// One HTTP listener (codec AUTO unless <paramref name="hcmExtraYaml"/> says otherwise) with the given
    /// virtual hosts, and the given clusters.
    /// </summary>
    public static string Http(int listenerPort, string virtualHostsYaml, string clustersYaml, string hcmExtraYaml = "", string listenerExtraYaml = "", string routeConfigExtraYaml = "") => $$"""
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
{{Indent(routeConfigExtraYaml, 12)}}
            virtual_hosts:
{{Indent(virtualHostsYaml, 12)}}
          http_filters:
          - name: envoy.filters.http.router
            typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
  clusters:
{{Indent(clustersYaml, 2)}}
""";

    /// <summary>A bootstrap with an admin listener plus the given listeners and clusters (YAML list items).</summary>
    public static string Server(string listenersYaml, string clustersYaml, string extraYaml = "") => $$"""
admin:
  address: { socket_address: { address: 127.0.0.1, port_value: {ADMIN_PORT} } }
{{extraYaml}}
static_resources:
  listeners:
{{Indent(listenersYaml, 2)}}
  clusters:
{{Indent(clustersYaml, 2)}}
""";

    /// <summary>
    /// An HTTP listener item for <see cref="Server"/>: one HCM with stat prefix <paramref name="name"/>, the
    /// given virtual hosts and extra HCM fields, router last.
    /// </summary>
    public static string HttpListener(string name, int port, string virtualHostsYaml, string hcmExtraYaml = "", string httpFiltersYaml = "") => $$"""
- name: {{name}}
  address: { socket_address: { address: 127.0.0.1, port_value: {{port}} } }
  filter_chains:
  - filters:
    - name: envoy.filters.network.http_connection_manager
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
        stat_prefix: {{name}}
{{Indent(hcmExtraYaml, 8)}}
        route_config:
          name: {{name}}
          virtual_hosts:
{{Indent(virtualHostsYaml, 10)}}
        http_filters:
{{Indent(httpFiltersYaml, 8)}}
        - name: envoy.filters.http.router
          typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
""";

    /// <summary>A TCP listener item for <see cref="Server"/>: one tcp_proxy with the given fields.</summary>
    public static string TcpListener(string name, int port, string tcpProxyYaml) => $$"""
- name: {{name}}
  address: { socket_address: { address: 127.0.0.1, port_value: {{port}} } }
  filter_chains:
  - filters:
    - name: envoy.filters.network.tcp_proxy
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
        stat_prefix: {{name}}
{{Indent(tcpProxyYaml, 8)}}
""";

    /// <summary>An access log entry (HCM or tcp_proxy access_log) writing <paramref name="format"/> lines to a file.</summary>
    public static string FileAccessLog(string path, string format) => $$"""
access_log:
- name: envoy.access_loggers.file
  typed_config:
    "@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog
    path: {{path}}
    log_format: { text_format_source: { inline_string: "{{format}}
" } }
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
