using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Rbac;

/// <summary>
/// One proxy with an HTTP listener whose RBAC filter allows GET /info, requests with x-user: admin, and
/// /net from 127.0.0.1 (direct_remote_ip), with DENY shadow rules on /admin and per-route overrides
/// (/public and /disabled turn RBAC off, /locked denies everything); plus two tcp_proxy listeners behind network RBAC:
/// one allowing loopback clients on its own port, one with Istio's deny-all (<c>rules: {}</c>).
/// </summary>
public sealed class RbacFixture : ProxyFixture
{
    public int TcpAllowedPort { get; } = FreePort.Get();

    public int TcpDeniedPort { get; } = FreePort.Get();

    /// <summary>"%REQ(X-MARK)% %RESPONSE_CODE% %RESPONSE_CODE_DETAILS%" per request.</summary>
    public string AccessLogPath => Path.Combine(Proxy.Directory, "access.log");

    protected override async Task<string> PrepareAsync()
    {
        var upstream = Own(await TestUpstream.StartAsync("a"));
        var echo = Own(TcpEchoServer.Start("BYE"));
        var http = Bootstraps.HttpListener("rbac", Port, VirtualHosts, AccessLogBootstraps.File("{DIR}/access.log", "%REQ(X-MARK)% %RESPONSE_CODE% %RESPONSE_CODE_DETAILS%"), HttpRbac);
        var listeners = string.Join("\n", http, TcpListener("tcp_allowed", TcpAllowedPort, AllowLoopbackOn(TcpAllowedPort)), TcpListener("tcp_denied", TcpDeniedPort, "rules: {}"));
        return Bootstraps.Server(listeners, Bootstraps.StaticCluster("a", ports: upstream.Port) + "\n" + Bootstraps.StaticCluster("echo", ports: echo.Port));
    }

    private const string HttpRbac = """
- name: envoy.filters.http.rbac
  typed_config:
    "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
    rules:
      action: ALLOW
      policies:
        get-info:
          permissions:
          - and_rules:
              rules:
              - header: { name: ":method", string_match: { exact: GET } }
              - url_path: { path: { prefix: /info } }
          principals: [{ any: true }]
        admin-user:
          permissions: [{ any: true }]
          principals: [{ header: { name: x-user, string_match: { exact: admin } } }]
        loopback-net:
          permissions: [{ url_path: { path: { prefix: /net } } }]
          principals: [{ direct_remote_ip: { address_prefix: 127.0.0.1, prefix_len: 32 } }]
        remote-net:
          permissions: [{ url_path: { path: { prefix: /remote } } }]
          principals: [{ remote_ip: { address_prefix: 10.0.0.0, prefix_len: 8 } }]
    shadow_rules_stat_prefix: dry_run_
    shadow_rules:
      action: DENY
      policies:
        no-admin-path:
          permissions: [{ url_path: { path: { prefix: /admin } } }]
          principals: [{ any: true }]
""";

    private const string VirtualHosts = """
- name: all
  domains: ["*"]
  routes:
  - match: { prefix: /public }
    route: { cluster: a }
    typed_per_filter_config:
      envoy.filters.http.rbac:
        "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBACPerRoute
  - match: { prefix: /disabled }
    route: { cluster: a }
    typed_per_filter_config:
      envoy.filters.http.rbac:
        "@type": type.googleapis.com/envoy.config.route.v3.FilterConfig
        disabled: true
  - match: { prefix: /locked }
    route: { cluster: a }
    typed_per_filter_config:
      envoy.filters.http.rbac:
        "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBACPerRoute
        rbac:
          rules:
            action: DENY
            policies:
              everything: { permissions: [{ any: true }], principals: [{ any: true }] }
  - match: { prefix: / }
    route: { cluster: a }
""";

    private static string AllowLoopbackOn(int port) => $$"""
rules:
  policies:
    loopback:
      permissions: [{ destination_port: {{port}} }]
      principals: [{ direct_remote_ip: { address_prefix: 127.0.0.0, prefix_len: 8 } }]
""";

    private static string TcpListener(string name, int port, string rbacYaml) => $$"""
- name: {{name}}
  address: { socket_address: { address: 127.0.0.1, port_value: {{port}} } }
  filter_chains:
  - filters:
    - name: envoy.filters.network.rbac
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC
        stat_prefix: {{name}}.
{{Bootstraps.Indent(rbacYaml, 8)}}
    - name: envoy.filters.network.tcp_proxy
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
        stat_prefix: {{name}}
        cluster: echo
""";
}
