using Proxy.Filters.Extensions;
using Proxy.Routing;

namespace Proxy.Tests.Routing;

public sealed class TranslationErrorTests
{
    private static string Error(string yaml, RouteTranslationContext? ctx = null) =>
        Assert.Throws<ConfigException>(() => Routes.Table(yaml, ctx)).Message;

    private static string RouteError(string routesYaml, RouteTranslationContext? ctx = null) =>
        Assert.Throws<ConfigException>(() => Routes.WithRoutes(routesYaml, ctx)).Message;

    [Fact]
    public void BadRegexNamesConfigVirtualHostRouteAndField()
    {
        string message = RouteError("""
            - {match: {prefix: /}, route: {cluster: a}}
            - {match: {prefix: /}, route: {cluster: b}}
            - {name: bad, match: {safe_regex: {regex: 'a('}}, route: {cluster: c}}
            """);
        Assert.StartsWith("route_configuration 'test': virtual_host 'vh': route 'bad': virtual_hosts[0].routes[2].match.safe_regex.regex: invalid regex 'a(':", message);
    }

    [Fact]
    public void UnnamedRouteIsNamedByIndex()
    {
        string message = RouteError(@"- {match: {prefix: /, headers: [{name: h, safe_regex_match: {regex: '(a)\1'}}]}, route: {cluster: c}}");
        Assert.StartsWith("route_configuration 'test': virtual_host 'vh': virtual_hosts[0].routes[0].match.headers[0].safe_regex_match.regex: invalid regex", message);
    }

    [Fact]
    public void DuplicateDomainAcrossVirtualHosts()
    {
        string message = Error("""
            name: r1
            virtual_hosts:
            - {name: a, domains: [foo.com], routes: []}
            - {name: b, domains: [bar.com, FOO.com], routes: []}
            """);
        Assert.Equal("route_configuration 'r1': virtual_host 'b': virtual_hosts[1].domains[1]: Only unique values for domains are permitted. Duplicate entry of domain foo.com in route r1", message);
    }

    [Fact]
    public void SecondWildcardVirtualHost()
    {
        string message = Error("""
            name: r1
            virtual_hosts:
            - {name: a, domains: ['*'], routes: []}
            - {name: b, domains: ['*'], routes: []}
            """);
        Assert.Contains("Only a single wildcard domain is permitted in route r1", message);
    }

    [Fact]
    public void DuplicateWildcardDomain()
    {
        Assert.Contains("Duplicate entry of domain *.foo.com", Error("virtual_hosts: [{name: a, domains: ['*.foo.com', '*.FOO.com'], routes: []}]"));
    }

    [Fact]
    public void WeightsNotAddingUpToTotalWeight()
    {
        string message = RouteError("- {match: {prefix: /}, route: {weighted_clusters: {total_weight: 100, clusters: [{name: a, weight: 30}, {name: b, weight: 30}]}}}");
        Assert.Contains("virtual_hosts[0].routes[0].route.weighted_clusters.total_weight: Sum of weights in the weighted_cluster should add up to 100, got 60", message);
    }

    [Fact]
    public void WeightsSummingToZero()
    {
        Assert.Contains("Sum of weights in the weighted_cluster must be greater than 0", RouteError("- {match: {prefix: /}, route: {weighted_clusters: {clusters: [{name: a, weight: 0}]}}}"));
    }

    [Fact]
    public void WeightedClusterNeedsExactlyOneOfNameAndHeader()
    {
        Assert.Contains("clusters[0]: Only one of name or cluster_header can be specified", RouteError("- {match: {prefix: /}, route: {weighted_clusters: {clusters: [{name: a, cluster_header: x, weight: 1}]}}}"));
        Assert.Contains("clusters[0]: At least one of name or cluster_header need to be specified", RouteError("- {match: {prefix: /}, route: {weighted_clusters: {clusters: [{weight: 1}]}}}"));
    }

    [Fact]
    public void MissingClusterSpecifier()
    {
        Assert.Contains("virtual_hosts[0].routes[0].route: one of cluster, cluster_header, weighted_clusters or cluster_specifier_plugin is required", RouteError("- {match: {prefix: /}, route: {timeout: 5s}}"));
    }

    [Fact]
    public void MissingActionAndMissingPathSpecifier()
    {
        Assert.Contains("routes[0]: one of route, redirect, direct_response or non_forwarding_action is required", RouteError("- {match: {prefix: /}}"));
        Assert.Contains("routes[0].match: one of prefix, path, safe_regex", RouteError("- {match: {headers: [{name: a}]}, route: {cluster: c}}"));
        Assert.Contains("routes[0].match: required", RouteError("- {route: {cluster: c}}"));
    }

    [Fact]
    public void MoreThanOnePathRewrite()
    {
        Assert.Contains("Specify only one of prefix_rewrite, regex_rewrite or path_rewrite_policy", RouteError("- {match: {prefix: /}, route: {cluster: c, prefix_rewrite: /x, regex_rewrite: {pattern: {regex: a}, substitution: b}}}"));
    }

    [Fact]
    public void BadRewriteSubstitution()
    {
        Assert.Contains(@"route.regex_rewrite.substitution: invalid substitution '\2'", RouteError(@"- {match: {prefix: /}, route: {cluster: c, regex_rewrite: {pattern: {regex: '(a)'}, substitution: '\2'}}}"));
    }

    [Theory]
    [InlineData("request_headers_to_add: [{header: {key: ':path', value: x}}]", "request_headers_to_add[0].header.key: :-prefixed or host headers may not be modified")]
    [InlineData("request_headers_to_add: [{header: {key: Host, value: x}}]", "request_headers_to_add[0].header.key: :-prefixed or host headers may not be modified")]
    [InlineData("response_headers_to_remove: [':status']", "response_headers_to_remove[0]: :-prefixed or host headers may not be removed")]
    [InlineData("request_headers_to_add: [{header: {key: x, value: y}, append: false, append_action: ADD_IF_ABSENT}]", "request_headers_to_add[0]: Both append and append_action are set and it's not allowed")]
    [InlineData("request_headers_to_add: [{header: {key: x, value: '%BOGUS%'}}]", "request_headers_to_add[0].header.value: unknown command 'BOGUS'")]
    [InlineData("request_headers_to_add: [{header: {key: '', value: y}}]", "request_headers_to_add[0].header.key: header name must not be empty")]
    public void HeaderMutationErrors(string mutationYaml, string expected)
    {
        string message = RouteError($"- {{match: {{prefix: /}}, route: {{cluster: c}}, {mutationYaml}}}");
        Assert.Contains("virtual_hosts[0].routes[0]." + expected, message);
    }

    [Fact]
    public void UpgradeConfigErrors()
    {
        Assert.Contains("Duplicate upgrade WebSocket", RouteError("- {match: {prefix: /}, route: {cluster: c, upgrade_configs: [{upgrade_type: websocket}, {upgrade_type: WebSocket}]}}"));
        Assert.Contains("Non-CONNECT upgrade type websocket has ConnectConfig", RouteError("- {match: {prefix: /}, route: {cluster: c, upgrade_configs: [{upgrade_type: websocket, connect_config: {}}]}}"));
    }

    [Fact]
    public void RetryPolicyErrors()
    {
        Assert.Contains("retry_back_off.max_interval: retry_policy.max_interval must greater than or equal to the base_interval", RouteError("- {match: {prefix: /}, route: {cluster: c, retry_policy: {retry_back_off: {base_interval: 1s, max_interval: 0.5s}}}}"));
        Assert.Contains("retry_back_off.base_interval: required", RouteError("- {match: {prefix: /}, route: {cluster: c, retry_policy: {retry_back_off: {max_interval: 1s}}}}"));
        Assert.Contains("retry_host_predicate[0]: no retry host predicate implementation for 'my.predicate'", RouteError("- {match: {prefix: /}, route: {cluster: c, retry_policy: {retry_host_predicate: [{name: my.predicate}]}}}"));
    }

    [Fact]
    public void MirrorPolicyNeedsExactlyOneCluster()
    {
        Assert.Contains("request_mirror_policies[0]: Exactly one of cluster or cluster_header in request mirror policy need to be specified", RouteError("- {match: {prefix: /}, route: {cluster: c, request_mirror_policies: [{}]}}"));
        Assert.Contains("request_mirror_policies[0]: Only one of cluster 'a' or cluster_header 'b'", RouteError("- {match: {prefix: /}, route: {cluster: c, request_mirror_policies: [{cluster: a, cluster_header: b}]}}"));
    }

    [Fact]
    public void DirectResponseErrors()
    {
        Assert.Contains("direct_response.status: 100 is not in [200, 600)", RouteError("- {match: {prefix: /}, direct_response: {status: 100}}"));
        Assert.Contains("direct_response.body: response body size is 5000 bytes; maximum is 4096", RouteError($"- {{match: {{prefix: /}}, direct_response: {{status: 200, body: {{inline_string: '{new string('x', 5000)}'}}}}}}"));
        Assert.Contains("direct_response.body.filename: response body file /nope cannot be read", RouteError("- {match: {prefix: /}, direct_response: {status: 200, body: {filename: /nope}}}", Routes.Context(readFile: _ => throw new FileNotFoundException("missing"))));
        Assert.Contains("direct_response.body.environment_variable: environment variable BODY does not exist", RouteError("- {match: {prefix: /}, direct_response: {status: 200, body: {environment_variable: BODY}}}", Routes.Context(env: _ => null)));
    }

    [Fact]
    public void UnsupportedFeaturesAreRefusedByName()
    {
        Assert.Contains("routes[0].filter_action: filter actions are not supported", RouteError("- {match: {prefix: /}, filter_action: {}}"));
        Assert.Contains("route.cluster_specifier_plugin: unknown cluster specifier plugin name: p", RouteError("- {match: {prefix: /}, route: {cluster_specifier_plugin: p}}"));
        Assert.Contains("virtual_hosts[0].matcher: the xDS matcher tree is not supported", Error("virtual_hosts: [{name: vh, domains: ['*'], matcher: {}}]"));
        Assert.Contains("route_configuration 'r': vhds: on-demand virtual host discovery (VHDS) is not supported", Error("name: r\nvhds: {config_source: {ads: {}}}"));
        Assert.Contains("cluster_specifier_plugins[0]: Didn't find a registered implementation for 'p'", Error("cluster_specifier_plugins: [{extension: {name: p, typed_config: {'@type': type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}}}]"));
    }

    [Fact]
    public void VirtualHostNeedsNameAndDomains()
    {
        Assert.Contains("virtual_hosts[0].name: must not be empty", Error("virtual_hosts: [{domains: ['*']}]"));
        Assert.Contains("virtual_host 'vh': virtual_hosts[0].domains: at least one domain is required", Error("virtual_hosts: [{name: vh}]"));
    }

    [Fact]
    public void PathSeparatedPrefixRules()
    {
        Assert.Contains("path_separated_prefix: '/api/' must be", RouteError("- {match: {path_separated_prefix: /api/}, route: {cluster: c}}"));
        Assert.Contains("path_separated_prefix: '/a?b' must be", RouteError("- {match: {path_separated_prefix: '/a?b'}, route: {cluster: c}}"));
    }

    [Fact]
    public void NegativeTimeout()
    {
        Assert.Contains("route.timeout: invalid duration", RouteError("- {match: {prefix: /}, route: {cluster: c, timeout: -1s}}"));
    }
}
