using Bench.Runner.Model;

namespace Bench.Runner.Targets;

/// <summary>
/// The v3 bootstrap given to our proxy and to Envoy: one listener (HCM with codec AUTO, so HTTP/1.1 and
/// h2c arrive on the same port, or tcp_proxy), one STATIC cluster to the upstream's HTTP/1.1 port (Envoy
/// pools and keeps upstream connections alive by default), no access log, an admin listener as Istio has.
/// </summary>
public static class EnvoyBootstrap
{
    public static string Build(Scenario scenario, int port, int adminPort, int upstreamPort)
    {
        var filter = scenario == Scenario.Tcp
            ? """
      - name: envoy.filters.network.tcp_proxy
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
          stat_prefix: bench_tcp
          cluster: upstream
"""
            : """
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: bench_http
          codec_type: AUTO
          route_config:
            name: bench
            virtual_hosts:
            - name: all
              domains: ["*"]
              routes:
              - match: { prefix: "/" }
                route: { cluster: upstream }
          http_filters:
          - name: envoy.filters.http.router
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
""";
        return $$"""
admin:
  address: { socket_address: { address: 127.0.0.1, port_value: {{adminPort}} } }
static_resources:
  listeners:
  - name: bench
    address: { socket_address: { address: 127.0.0.1, port_value: {{port}} } }
    filter_chains:
    - filters:
{{filter}}
  clusters:
  - name: upstream
    type: STATIC
    connect_timeout: 1s
    load_assignment:
      cluster_name: upstream
      endpoints:
      - lb_endpoints:
        - endpoint:
            address: { socket_address: { address: 127.0.0.1, port_value: {{upstreamPort}} } }

""";
    }
}
