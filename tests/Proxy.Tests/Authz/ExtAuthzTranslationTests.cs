using Proxy.Authz;
using Proxy.Filters.Extensions;
using Proxy.Tests.Routing;
using Proxy.Xds.Json;
using ExtAuthzProto = Envoy.Extensions.Filters.Http.ExtAuthz.V3.ExtAuthz;

namespace Proxy.Tests.Authz;

/// <summary>ext_authz configs as Istio and users write them: accepted with Envoy's defaults, or refused naming the field.</summary>
public sealed class ExtAuthzTranslationTests
{
    private static ExtAuthzSettings Translate(string yaml) =>
        ExtAuthzFilterFactory.Translate(new ProtoJsonReader().Parse(EnvoyJson.YamlToJson(yaml), ExtAuthzProto.Parser, ExtAuthzFilterFactory.Type));

    [Fact]
    public void IstiosCustomPolicyFilterTranslatesWithEnvoysDefaults()
    {
        var settings = Translate("""
            grpc_service: { envoy_grpc: { cluster_name: "outbound|9191||authz", authority: authz.local }, timeout: 600s }
            with_request_body: { max_request_bytes: 8000 }
            transport_api_version: V3
            filter_enabled_metadata: { filter: envoy.filters.http.rbac, path: [{ key: istio_ext_authz_shadow_effective_policy_id }], value: { string_match: { prefix: istio-ext-authz } } }
            """);

        Assert.Equal("outbound|9191||authz", settings.Cluster);
        Assert.Equal(TimeSpan.FromSeconds(600), settings.Timeout);
        Assert.Equal(8000, settings.MaxRequestBytes);
        Assert.Equal(403, settings.StatusOnError);
        Assert.False(settings.FailureModeAllow);
        Assert.NotNull(settings.EnabledMetadata);
        Assert.Equal(TimeSpan.FromMilliseconds(200), Translate("grpc_service: { envoy_grpc: { cluster_name: a } }").Timeout);
    }

    [Theory]
    [InlineData("http_service: { server_uri: { uri: http://a, cluster: a, timeout: 1s } }", "http_service: the HTTP authorization service is not supported; use grpc_service")]
    [InlineData("grpc_service: { google_grpc: { target_uri: a:1, stat_prefix: s } }", "grpc_service.envoy_grpc.cluster_name: required (google_grpc is not supported)")]
    [InlineData("grpc_service: { envoy_grpc: { cluster_name: a } }\nfilter_enabled: { default_value: { numerator: 50 }, runtime_key: k }", "filter_enabled: runtime fractions are not supported")]
    [InlineData("grpc_service: { envoy_grpc: { cluster_name: a } }\nfilter_enabled_metadata: { filter: f, path: [{ key: a }, { key: b }], value: { present_match: true } }", "filter_enabled_metadata.path: exactly one key segment is supported")]
    [InlineData("grpc_service: { envoy_grpc: { cluster_name: a } }\nallowed_headers: { patterns: [{ safe_regex: { regex: 'a(' } }] }", "allowed_headers.patterns[0].safe_regex.regex")]
    public void UnsupportedOrInvalidConfigsNameTheField(string yaml, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<ConfigException>(() => Translate(yaml)).Message);
}
