namespace Proxy.Integration.Tests.Capture;

/// <summary>
/// A sidecar configuration in the shape istiod sends (names and filter_chain_match fields as in the real
/// dumps under ../shared/conformance/istio/config_dumps): virtualOutbound on 15001 (original_dst,
/// use_original_dst, [::] as an additional address, a blackhole chain for 15001 itself and the
/// PassthroughCluster catch-all), per-port outbound listeners with bind_to_port false reached only by
/// hand-off, and virtualInbound on 15006 (original_dst, tls/http inspectors, a destination_port chain to
/// inbound|8080|| and the InboundPassthroughCluster catch-all, both binding 127.0.0.6).
/// </summary>
public static class SidecarBootstrap
{
    public const string PodIp = "10.250.0.1";
    public const string RemoteIp = "10.250.0.2";
    public const string ExcludedIp = "10.250.0.3";
    public const string PodIp6 = "fd00:250::1";
    public const string RemoteIp6 = "fd00:250::2";

    public const string Yaml = """
        node: {id: sidecar~10.250.0.1~app.default~default.svc.cluster.local, cluster: app.default}
        admin:
          address: {socket_address: {address: 127.0.0.1, port_value: 15000}}
        static_resources:
          clusters:
          - name: PassthroughCluster
            type: ORIGINAL_DST
            lb_policy: CLUSTER_PROVIDED
            connect_timeout: 5s
          - name: InboundPassthroughClusterIpv4
            type: ORIGINAL_DST
            lb_policy: CLUSTER_PROVIDED
            connect_timeout: 5s
            upstream_bind_config: {source_address: {address: 127.0.0.6, port_value: 0}}
          - name: "inbound|8080||"
            type: ORIGINAL_DST
            lb_policy: CLUSTER_PROVIDED
            connect_timeout: 5s
            upstream_bind_config: {source_address: {address: 127.0.0.6, port_value: 0}}
          - name: BlackHoleCluster
            type: STATIC
            connect_timeout: 5s
          - name: "outbound|8000||remote.default.svc.cluster.local"
            type: STATIC
            connect_timeout: 5s
            load_assignment:
              cluster_name: "outbound|8000||remote.default.svc.cluster.local"
              endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 10.250.0.2, port_value: 8000}}}}]}]
          - name: "outbound|8002||remote.default.svc.cluster.local"
            type: STATIC
            connect_timeout: 5s
            load_assignment:
              cluster_name: "outbound|8002||remote.default.svc.cluster.local"
              endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 10.250.0.2, port_value: 8002}}}}]}]
          listeners:
          - name: virtualOutbound
            address: {socket_address: {address: 0.0.0.0, port_value: 15001}}
            additional_addresses: [{address: {socket_address: {address: "::", port_value: 15001}}}]
            use_original_dst: true
            traffic_direction: OUTBOUND
            listener_filters:
            - name: envoy.filters.listener.original_dst
              typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.listener.original_dst.v3.OriginalDst}
            filter_chains:
            - name: virtualOutbound-blackhole
              filter_chain_match: {destination_port: 15001}
              filters:
              - name: envoy.filters.network.tcp_proxy
                typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: BlackHoleCluster, cluster: BlackHoleCluster}
            - name: virtualOutbound-catchall-tcp
              filter_chain_match: {prefix_ranges: [{address_prefix: 0.0.0.0, prefix_len: 0}, {address_prefix: "::", prefix_len: 0}]}
              filters:
              - name: envoy.filters.network.tcp_proxy
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                  stat_prefix: PassthroughCluster
                  cluster: PassthroughCluster
                  access_log:
                  - name: envoy.access_loggers.file
                    typed_config: {"@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog, path: "{DIR}/outbound.log", log_format: {text_format_source: {inline_string: "passthrough %UPSTREAM_HOST% %DOWNSTREAM_LOCAL_ADDRESS%\n"}}}
        {OUTBOUND_HTTP_8000}
        {OUTBOUND_HTTP_8002}
          - name: 0.0.0.0_9999
            address: {socket_address: {address: 0.0.0.0, port_value: 9999}}
            bind_to_port: false
            traffic_direction: OUTBOUND
            filter_chains:
            - filters:
              - name: envoy.filters.network.tcp_proxy
                typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: BlackHoleCluster, cluster: BlackHoleCluster}
          - name: virtualInbound
            address: {socket_address: {address: 0.0.0.0, port_value: 15006}}
            traffic_direction: INBOUND
            listener_filters:
            - name: envoy.filters.listener.original_dst
              typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.listener.original_dst.v3.OriginalDst}
            - name: envoy.filters.listener.tls_inspector
              typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector}
            - name: envoy.filters.listener.http_inspector
              typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.listener.http_inspector.v3.HttpInspector}
              filter_disabled: {destination_port_range: {start: 8081, end: 8082}}
            filter_chains:
            - name: 0.0.0.0_8080
              filter_chain_match: {destination_port: 8080, transport_protocol: raw_buffer, application_protocols: [http/1.1, h2c]}
              filters:
              - name: envoy.filters.network.http_connection_manager
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                  stat_prefix: inbound_0.0.0.0_8080
                  http_filters: [{name: envoy.filters.http.router, typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}}]
                  route_config:
                    name: "inbound|8080||"
                    virtual_hosts:
                    - name: "inbound|http|8080"
                      domains: ["*"]
                      response_headers_to_add: [{header: {key: x-proxy-chain, value: "virtualInbound 0.0.0.0_8080"}}]
                      routes: [{name: default, match: {prefix: /}, route: {cluster: "inbound|8080||", timeout: 0s}}]
            - name: InboundPassthroughFilterChain
              filter_chain_match: {transport_protocol: raw_buffer, prefix_ranges: [{address_prefix: 0.0.0.0, prefix_len: 0}]}
              filters:
              - name: envoy.filters.network.tcp_proxy
                typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: InboundPassthroughClusterIpv4, cluster: InboundPassthroughClusterIpv4}
        """;

    /// <summary>The bootstrap with its outbound HTTP listeners filled in; {DIR} is left for the proxy run.</summary>
    public static string Build() =>
        Yaml.Replace("{OUTBOUND_HTTP_8000}", OutboundHttp(8000)).Replace("{OUTBOUND_HTTP_8002}", OutboundHttp(8002));

    /// <summary>
    /// An outbound per-port listener as istiod writes it (0.0.0.0_PORT, bind_to_port false, HTTP chain chosen by
    /// http_inspector's protocols, TCP passthrough otherwise); responses carry the listener's name so a test
    /// can tell the hand-off happened.
    /// </summary>
    private static string OutboundHttp(int port) => $$$"""
          - name: 0.0.0.0_{{{port}}}
            address: {socket_address: {address: 0.0.0.0, port_value: {{{port}}} } }
            bind_to_port: false
            traffic_direction: OUTBOUND
            listener_filters:
            - name: envoy.filters.listener.tls_inspector
              typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector}
            - name: envoy.filters.listener.http_inspector
              typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.listener.http_inspector.v3.HttpInspector}
            filter_chains:
            - name: 0.0.0.0_{{{port}}}
              filter_chain_match: {application_protocols: [http/1.1, h2c]}
              filters:
              - name: envoy.filters.network.http_connection_manager
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                  stat_prefix: outbound_0.0.0.0_{{{port}}}
                  http_filters: [{name: envoy.filters.http.router, typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}}]
                  route_config:
                    name: "{{{port}}}"
                    virtual_hosts:
                    - name: "remote.default.svc.cluster.local:{{{port}}}"
                      domains: ["*"]
                      response_headers_to_add: [{header: {key: x-proxy-listener, value: "0.0.0.0_{{{port}}}"}}]
                      routes: [{name: default, match: {prefix: /}, route: {cluster: "outbound|{{{port}}}||remote.default.svc.cluster.local"}}]
            default_filter_chain:
              name: PassthroughFilterChain
              filters:
              - name: envoy.filters.network.tcp_proxy
                typed_config: {"@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: PassthroughCluster, cluster: PassthroughCluster}
        """;
}
