using System.Net;
using Proxy.Filters.Extensions;
using Proxy.Rbac;
using Proxy.Tests.Routing;
using Proxy.Xds.Json;
using Pb = Envoy.Config.Rbac.V3;

namespace Proxy.Tests.Rbac;

/// <summary>RBAC rules from their YAML form, evaluated against requests and connections as Envoy's engine does.</summary>
public sealed class RbacEngineTests
{
    internal static RbacEngine Engine(string yaml) =>
        RbacTranslator.Translate(new ProtoJsonReader().Parse(EnvoyJson.YamlToJson(yaml), Pb.RBAC.Parser, "envoy.config.rbac.v3.RBAC"), "rules");

    private static string Error(string yaml) => Assert.Throws<ConfigException>(() => Engine(yaml)).Message;

    private static RbacInput Request(string path, string method = "GET", string remote = "10.1.2.3", int localPort = 8080, string? sni = null, Dictionary<string, object>? filterState = null, params (string, string)[] headers) =>
        new(new IPEndPoint(IPAddress.Parse(remote), 40000), new IPEndPoint(IPAddress.Parse(remote), 40000), new IPEndPoint(IPAddress.Parse("10.0.0.9"), localPort), sni, filterState, Routes.Request(path, method: method, headers: headers));

    private static RbacInput Connection(string remote = "10.1.2.3", int localPort = 8080) =>
        new(new IPEndPoint(IPAddress.Parse(remote), 40000), new IPEndPoint(IPAddress.Parse(remote), 40000), new IPEndPoint(IPAddress.Parse("10.0.0.9"), localPort), null, null);

    private static bool Allowed(RbacEngine engine, in RbacInput input) => engine.Evaluate(input, out _);

    [Fact]
    public void AllowWithoutPoliciesDeniesEverythingAndDenyWithoutPoliciesAllowsEverything()
    {
        // Istio's deny-all is "rules: {}": ALLOW is the default action.
        Assert.False(Allowed(Engine("{}"), Request("/")));
        Assert.True(Allowed(Engine("action: DENY"), Request("/")));
    }

    [Fact]
    public void LogNeverDeniesButReportsTheMatch()
    {
        var engine = Engine("action: LOG\npolicies: { p: { permissions: [{ any: true }], principals: [{ any: true }] } }");

        Assert.True(engine.Evaluate(Request("/"), out var policy));
        Assert.Equal("p", policy);
    }

    [Fact]
    public void TheFirstMatchingPolicyInNameOrderIsReported()
    {
        var engine = Engine("""
            action: DENY
            policies:
              zeta: { permissions: [{ any: true }], principals: [{ any: true }] }
              alpha: { permissions: [{ url_path: { path: { prefix: /a } } }], principals: [{ any: true }] }
            """);

        Assert.False(engine.Evaluate(Request("/a"), out var first));
        Assert.False(engine.Evaluate(Request("/b"), out var second));
        Assert.Equal("alpha", first);
        Assert.Equal("zeta", second);
        Assert.Equal("rbac_access_denied_matched_policy[alpha]", RbacEngine.DeniedDetails(first));
        Assert.Equal("rbac_access_denied_matched_policy[none]", RbacEngine.DeniedDetails(null));
    }

    [Fact]
    public void IstioShapedAndOrRulesMatchMethodAndPathWithoutQuery()
    {
        var engine = Engine("""
            policies:
              p:
                permissions:
                - and_rules: { rules: [{ or_rules: { rules: [{ header: { name: ":method", exact_match: GET } }] } }, { or_rules: { rules: [{ url_path: { path: { prefix: /info } } }] } }] }
                - and_rules: { rules: [{ header: { name: ":method", exact_match: POST } }, { url_path: { path: { exact: /data } } }] }
                principals: [{ any: true }]
            """);

        Assert.True(Allowed(engine, Request("/info/x?debug=1")));
        Assert.True(Allowed(engine, Request("/data?x=/info", "POST")));
        Assert.False(Allowed(engine, Request("/data/more", "POST")));
        Assert.False(Allowed(engine, Request("/info", "DELETE")));
    }

    [Fact]
    public void NotRulesAndNotIdsInvert()
    {
        var engine = Engine("""
            policies:
              p:
                permissions: [{ not_rule: { url_path: { path: { prefix: /private } } } }]
                principals: [{ not_id: { header: { name: x-banned, present_match: true } } }]
            """);

        Assert.True(Allowed(engine, Request("/public")));
        Assert.False(Allowed(engine, Request("/private/x")));
        Assert.False(Allowed(engine, Request("/public", headers: ("x-banned", "1"))));
    }

    [Fact]
    public void AddressesPortsAndServerNames()
    {
        var engine = Engine("""
            policies:
              ports:
                permissions: [{ destination_port_range: { start: 9000, end: 9100 } }]
                principals: [{ direct_remote_ip: { address_prefix: 10.1.0.0, prefix_len: 16 } }]
              exact-port:
                permissions: [{ and_rules: { rules: [{ destination_port: 7000 }, { destination_ip: { address_prefix: 10.0.0.0, prefix_len: 24 } }] } }]
                principals: [{ remote_ip: { address_prefix: 192.168.0.0, prefix_len: 16 } }]
              sni:
                permissions: [{ requested_server_name: { suffix: .example.com } }]
                principals: [{ any: true }]
            """);

        Assert.True(Allowed(engine, Connection(localPort: 9099)));
        Assert.False(Allowed(engine, Connection(localPort: 9100)));
        Assert.False(Allowed(engine, Connection(remote: "10.2.0.1", localPort: 9000)));
        Assert.True(Allowed(engine, Connection(remote: "192.168.4.4", localPort: 7000)));
        Assert.True(Allowed(engine, Request("/", sni: "api.example.com")));
        Assert.False(Allowed(engine, Request("/")));
    }

    [Fact]
    public void ConnectionsHaveNoHeadersOrPath()
    {
        var engine = Engine("""
            policies:
              path: { permissions: [{ url_path: { path: { prefix: / } } }], principals: [{ any: true }] }
              absent-header: { permissions: [{ header: { name: x-a, present_match: false } }], principals: [{ any: true }] }
            """);

        Assert.True(engine.Evaluate(Connection(), out var policy));
        Assert.Equal("absent-header", policy);
        Assert.False(Engine("policies: { path: { permissions: [{ url_path: { path: { prefix: / } } }], principals: [{ any: true }] } }").Evaluate(Connection(), out _));
    }

    [Fact]
    public void MetadataIsAbsentSoOnlyAnInvertedMatcherMatches()
    {
        // Istio's request.auth.claims live in istio_authn dynamic metadata, which no filter here writes.
        const string Claims = "{ filter: istio_authn, path: [{ key: request.auth.claims }, { key: iss }], value: { list_match: { one_of: { string_match: { exact: https://accounts.google.com } } } } }";

        Assert.False(Allowed(Engine($"policies: {{ p: {{ permissions: [{{ any: true }}], principals: [{{ metadata: {Claims} }}] }} }}"), Request("/")));
        Assert.True(Allowed(Engine($"policies: {{ p: {{ permissions: [{{ any: true }}], principals: [{{ metadata: {Claims[..^2]}, invert: true }} }}] }} }}"), Request("/")));
    }

    [Fact]
    public void FilterStateIsMatchedAsAString()
    {
        var engine = Engine("policies: { p: { permissions: [{ any: true }], principals: [{ filter_state: { key: io.istio.peer_principal, string_match: { safe_regex: { regex: '.*/ns/test/.*' } } } }] } }");

        Assert.True(Allowed(engine, Request("/", filterState: new() { ["io.istio.peer_principal"] = "spiffe://cluster.local/ns/test/sa/a" })));
        Assert.False(Allowed(engine, Request("/", filterState: new() { ["io.istio.peer_principal"] = "spiffe://cluster.local/ns/prod/sa/a" })));
        Assert.False(Allowed(engine, Request("/")));
    }

    [Fact]
    public void AuthenticatedNeverMatchesWithoutDownstreamTls()
    {
        var engine = Engine("policies: { p: { permissions: [{ any: true }], principals: [{ authenticated: { principal_name: { exact: spiffe://cluster.local/ns/a/sa/b } } }] } }");

        Assert.False(Allowed(engine, Request("/")));
    }

    [Theory]
    [InlineData("policies: { p: { permissions: [{ any: true }] } }", "rules.policies['p'].principals: at least one principal is required")]
    [InlineData("policies: { p: { principals: [{ any: true }] } }", "rules.policies['p'].permissions: at least one permission is required")]
    [InlineData("policies: { p: { permissions: [{ and_rules: { rules: [{ any: true }, { url_path: { path: { safe_regex: { regex: 'a(' } } } }] } }], principals: [{ any: true }] } }", "rules.policies['p'].permissions[0].and_rules.rules[1].url_path.path.safe_regex.regex:")]
    [InlineData("policies: { p: { permissions: [{ any: true }], principals: [{ remote_ip: { address_prefix: not-an-ip } }] } }", "rules.policies['p'].principals[0].remote_ip.address_prefix: 'not-an-ip' is not an IP address")]
    [InlineData("policies: { p: { permissions: [{ destination_port_range: { start: 9, end: 2 } }], principals: [{ any: true }] } }", "rules.policies['p'].permissions[0].destination_port_range: start 9 is after end 2")]
    [InlineData("policies: { p: { permissions: [{ any: true }], principals: [{ any: true }], condition: { const_expr: { bool_value: true } } } }", "rules.policies['p'].condition: CEL conditions are not supported")]
    [InlineData("policies: { p: { permissions: [{ any: false }], principals: [{ any: true }] } }", "rules.policies['p'].permissions[0].any: must be true")]
    [InlineData("policies: { p: { permissions: [{ any: true }], principals: [{ filter_state: { key: k } }] } }", "rules.policies['p'].principals[0].filter_state.string_match: required")]
    public void InvalidRulesNameTheField(string yaml, string expected) =>
        Assert.StartsWith(expected, Error(yaml));
}
