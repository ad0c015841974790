using Microsoft.AspNetCore.Http;
using Proxy.Routing;
using Proxy.Routing.Actions;

namespace Proxy.Tests.Routing;

public sealed class RedirectTests
{
    private static (RedirectAction Redirect, RequestView Request) Setup(string routeYaml, string path, string authority = "example.com", string scheme = "http", string? forwardedProto = null)
    {
        RouteTable table = Routes.WithRoutes(routeYaml);
        var request = new RequestView("GET", authority, path, new HeaderDictionary(), scheme, forwardedProto);
        RouteEntry route = table.Route(request, 0).Route!;
        return ((RedirectAction)route.Action, request);
    }

    private static string Location(string routeYaml, string path, string authority = "example.com", string scheme = "http", string? forwardedProto = null)
    {
        var (redirect, request) = Setup(routeYaml, path, authority, scheme, forwardedProto);
        return RedirectLocation.BuildLocation(request, redirect);
    }

    // RedirectAction.path_redirect doc examples.
    [Fact]
    public void PathRedirectQueryRules()
    {
        const string Config = """
            - {match: {path: /old-path-1}, redirect: {path_redirect: /new-path-1}}
            - {match: {path: /old-path-2}, redirect: {path_redirect: /new-path-2, strip_query: true}}
            - {match: {path: /old-path-3}, redirect: {path_redirect: '/new-path-3?foo=1', strip_query: true}}
            """;
        Assert.Equal("http://example.com/new-path-1?bar=1", Location(Config, "/old-path-1?bar=1"));
        Assert.Equal("http://example.com/new-path-2", Location(Config, "/old-path-2?bar=1"));
        Assert.Equal("http://example.com/new-path-3?foo=1", Location(Config, "/old-path-3?bar=1"));
    }

    // RedirectAction.scheme_rewrite_specifier doc: the old scheme's default port is removed.
    [Theory]
    [InlineData("example.com:80", "http", "https://example.com/p")]
    [InlineData("example.com:8080", "http", "https://example.com:8080/p")]
    [InlineData("example.com", "http", "https://example.com/p")]
    [InlineData("example.com:443", "https", "https://example.com:443/p")]
    public void HttpsRedirectDropsTheDefaultPort(string authority, string scheme, string expected) =>
        Assert.Equal(expected, Location("- {match: {prefix: /}, redirect: {https_redirect: true}}", "/p", authority, scheme));

    [Fact]
    public void SchemeRedirectToHttpDropsPort443()
    {
        Assert.Equal("http://example.com/p", Location("- {match: {prefix: /}, redirect: {scheme_redirect: http}}", "/p", "example.com:443", "https"));
    }

    [Fact]
    public void PortStrippingFollowsForwardedProtoNotTheScheme()
    {
        // http URL over a TLS connection: x-forwarded-proto says https, so :80 is not the default port to strip.
        Assert.Equal("https://example.com:80/p", Location("- {match: {prefix: /}, redirect: {https_redirect: true}}", "/p", "example.com:80", "http", "https"));
    }

    [Fact]
    public void PortRedirectReplacesThePort()
    {
        Assert.Equal("http://example.com:8443/p", Location("- {match: {prefix: /}, redirect: {port_redirect: 8443}}", "/p", "example.com:8080"));
        Assert.Equal("http://[::1]:8443/p", Location("- {match: {prefix: /}, redirect: {port_redirect: 8443}}", "/p", "[::1]:8080"));
    }

    [Fact]
    public void HostRedirectIsUsedVerbatim()
    {
        Assert.Equal("http://new.example.org:9000/p?q", Location("- {match: {prefix: /}, redirect: {host_redirect: 'new.example.org:9000'}}", "/p?q", "example.com:8080"));
        Assert.Equal("http://new.example.org:8443/p", Location("- {match: {prefix: /}, redirect: {host_redirect: new.example.org, port_redirect: 8443}}", "/p", "example.com:8080"));
    }

    [Fact]
    public void PrefixRewriteReplacesTheMatchedPrefixAndKeepsTheQuery()
    {
        Assert.Equal("http://example.com/v2/items?x=1", Location("- {match: {prefix: /v1}, redirect: {prefix_rewrite: /v2}}", "/v1/items?x=1"));
        Assert.Equal("http://example.com/v2/items", Location("- {match: {prefix: /v1}, redirect: {prefix_rewrite: /v2, strip_query: true}}", "/v1/items?x=1"));
    }

    [Fact]
    public void RegexRewriteRewritesThePathOnly()
    {
        Assert.Equal("http://example.com/v1/api/instance/foo?k=v", Location(@"- {match: {prefix: /service}, redirect: {regex_rewrite: {pattern: {regex: '^/service/([^/]+)(/.*)$'}, substitution: '\2/instance/\1'}}}", "/service/foo/v1/api?k=v"));
    }

    [Fact]
    public void APathWithoutLeadingSlashGetsOne()
    {
        Assert.Equal("http://example.com/new", Location("- {match: {prefix: /}, redirect: {path_redirect: new}}", "/old"));
    }

    [Theory]
    [InlineData("MOVED_PERMANENTLY", 301)]
    [InlineData("FOUND", 302)]
    [InlineData("SEE_OTHER", 303)]
    [InlineData("TEMPORARY_REDIRECT", 307)]
    [InlineData("PERMANENT_REDIRECT", 308)]
    public void ResponseCodes(string code, int expected)
    {
        var (redirect, _) = Setup($"- {{match: {{prefix: /}}, redirect: {{path_redirect: /x, response_code: {code}}}}}", "/");
        Assert.Equal(expected, redirect.ResponseCode);
    }

    [Fact]
    public void DefaultResponseCodeIs301()
    {
        Assert.Equal(301, Setup("- {match: {prefix: /}, redirect: {path_redirect: /x}}", "/").Redirect.ResponseCode);
    }

    // The envoy-gateway golden http-route-redirect: scheme https, host redirected.com, port 8443, prefix /redirected, 302.
    // The matched prefix "/" is replaced as is, so no '/' separates the rewrite from the rest (RouteAction.prefix_rewrite
    // doc: "Pay careful attention to the use of trailing slashes").
    [Fact]
    public void EnvoyGatewayRedirect()
    {
        var (redirect, request) = Setup("- {match: {prefix: /}, redirect: {host_redirect: redirected.com, port_redirect: 8443, prefix_rewrite: /redirected, response_code: FOUND, scheme_redirect: https}}", "/some/path?x=1", "gateway.local:8080");
        Assert.Equal(302, redirect.ResponseCode);
        Assert.Equal("https://redirected.com:8443/redirectedsome/path?x=1", RedirectLocation.BuildLocation(request, redirect));
        Assert.Equal("https://redirected.com:8443/redirected", RedirectLocation.BuildLocation(new RequestView("GET", "gateway.local", "/", new HeaderDictionary()), redirect));
    }

    [Fact]
    public void FromAnAspNetRequest()
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /}, redirect: {https_redirect: true}}");
        HttpContext http = Routes.Http("/p?q=1", "example.com:80");
        var redirect = (RedirectAction)table.Route(http.Request).Route!.Action;
        Assert.Equal("https://example.com/p?q=1", RedirectLocation.BuildLocation(http.Request, redirect));
    }

    [Fact]
    public void DirectResponseLocationIsTheRequestUrl()
    {
        var request = new RequestView("GET", "example.com", "/a?b", new HeaderDictionary());
        Assert.Equal("http://example.com/a?b", RedirectLocation.BuildLocation(request, null));
    }
}
