using System.Buffers.Binary;
using System.Globalization;
using Envoy.Service.Auth.V3;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Authz;

/// <summary>
/// A real gRPC authorization server (Scripts/ext_authz_server.py) behind three listeners:
/// <see cref="ProxyFixture.Port"/> checks every request (3 s timeout, first 64 body bytes, per-route
/// overrides on /echo/open and /echo/ctx); <see cref="FailOpenPort"/> names a cluster that does not exist,
/// with failure_mode_allow; <see cref="GatedPort"/> checks only requests whose RBAC shadow policy id starts
/// with "istio-ext-authz", as Istio configures CUSTOM authorization; <see cref="ChainedPort"/> checks every
/// request and then runs an RBAC filter that denies /echo/blocked, a filter after one that completed later.
/// </summary>
public sealed class ExtAuthzFixture : ProxyFixture
{
    private readonly int _authzPort = FreePort.Get();

    public int FailOpenPort { get; } = FreePort.Get();

    public int GatedPort { get; } = FreePort.Get();

    public int ChainedPort { get; } = FreePort.Get();

    public string ChecksPath { get; } = Path.Combine(Path.GetTempPath(), $"checks-{Guid.NewGuid():N}.bin");

    /// <summary>The CheckRequests the server received so far.</summary>
    public List<CheckRequest> Checks()
    {
        var result = new List<CheckRequest>();
        if (!File.Exists(ChecksPath))
        {
            return result;
        }

        var bytes = File.ReadAllBytes(ChecksPath);
        for (var offset = 0; offset + 4 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            result.Add(CheckRequest.Parser.ParseFrom(bytes, offset + 4, length));
            offset += 4 + length;
        }

        return result;
    }

    protected override async Task<string> PrepareAsync()
    {
        Own(await Python.StartAsync("ext_authz_server.py", "READY", _authzPort.ToString(CultureInfo.InvariantCulture), ChecksPath));
        var upstream = Own(await TestUpstream.StartAsync("a"));
        var listeners = string.Join("\n",
            Bootstraps.HttpListener("authz", Port, CheckedRoutes, httpFiltersYaml: ExtAuthz("authz", "timeout: 3s", "with_request_body: { max_request_bytes: 64 }")),
            Bootstraps.HttpListener("failopen", FailOpenPort, AllRoutes, httpFiltersYaml: ExtAuthz("missing", "", "failure_mode_allow: true\nfailure_mode_allow_header_add: true")),
            Bootstraps.HttpListener("gated", GatedPort, AllRoutes, httpFiltersYaml: ShadowRbac + "\n" + ExtAuthz("authz", "", GatedByShadowPolicy)),
            Bootstraps.HttpListener("chained", ChainedPort, AllRoutes, httpFiltersYaml: ExtAuthz("authz", "", "") + "\n" + DenyBlocked));
        return Bootstraps.Server(listeners, Bootstraps.StaticCluster("a", ports: upstream.Port) + "\n" + Bootstraps.StaticCluster("authz", http2: true, ports: _authzPort));
    }

    private static string ExtAuthz(string cluster, string grpcExtra, string extra) => $$"""
- name: envoy.filters.http.ext_authz
  typed_config:
    "@type": type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz
    transport_api_version: V3
    grpc_service:
      envoy_grpc: { cluster_name: {{cluster}} }
{{Bootstraps.Indent(grpcExtra, 6)}}
{{Bootstraps.Indent(extra, 4)}}
""";

    private const string ShadowRbac = """
- name: envoy.filters.http.rbac
  typed_config:
    "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
    shadow_rules_stat_prefix: istio_ext_authz_
    shadow_rules:
      action: DENY
      policies:
        istio-ext-authz-ns[default]-policy[guard]-rule[0]:
          permissions: [{ url_path: { path: { prefix: /echo/guarded } } }]
          principals: [{ any: true }]
""";

    private const string DenyBlocked = """
- name: envoy.filters.http.rbac
  typed_config:
    "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC
    rules:
      action: DENY
      policies:
        block:
          permissions: [{ url_path: { path: { prefix: /echo/blocked } } }]
          principals: [{ any: true }]
""";

    private const string GatedByShadowPolicy = """
filter_enabled_metadata:
  filter: envoy.filters.http.rbac
  path: [{ key: istio_ext_authz_shadow_effective_policy_id }]
  value: { string_match: { prefix: istio-ext-authz } }
""";

    private const string AllRoutes = """
- name: all
  domains: ["*"]
  routes: [{ match: { prefix: / }, route: { cluster: a } }]
""";

    private const string CheckedRoutes = """
- name: all
  domains: ["*"]
  routes:
  - match: { prefix: /echo/open }
    route: { cluster: a }
    typed_per_filter_config:
      envoy.filters.http.ext_authz:
        "@type": type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute
        disabled: true
  - match: { prefix: /echo/ctx }
    route: { cluster: a }
    typed_per_filter_config:
      envoy.filters.http.ext_authz:
        "@type": type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute
        check_settings: { context_extensions: { team: payments } }
  - match: { prefix: / }
    route: { cluster: a }
""";
}
