using Microsoft.AspNetCore.Http;
using Proxy.Routing;

namespace Proxy.Tests.Routing;

public sealed class MatchConditionTests
{
    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/json", false)]
    public void GrpcMatchesGrpcContentTypesOnly(string contentType, bool expected)
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /, grpc: {}}, route: {cluster: c}}");
        Assert.Equal(expected, Routes.Match(table, Routes.Request("/svc/Method", headers: [("content-type", contentType)])) is not null);
    }

    [Fact]
    public void GrpcNeedsAContentType()
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /, grpc: {}}, route: {cluster: c}}");
        Assert.Null(Routes.Match(table, Routes.Request("/svc/Method")));
    }

    [Theory]
    [InlineData(0UL, true)]
    [InlineData(24UL, true)]
    [InlineData(25UL, false)]
    [InlineData(99UL, false)]
    [InlineData(124UL, true)]
    public void RuntimeFractionUsesTheDefaultValueAgainstTheRandomValue(ulong random, bool expected)
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /, runtime_fraction: {default_value: {numerator: 25, denominator: HUNDRED}, runtime_key: some.key}}, route: {cluster: c}}");
        Assert.Equal(expected, Routes.Match(table, Routes.Request("/"), random) is not null);
    }

    [Fact]
    public void RuntimeFractionDenominators()
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /, runtime_fraction: {default_value: {numerator: 5, denominator: MILLION}}}, route: {cluster: c}}");
        Assert.NotNull(Routes.Match(table, Routes.Request("/"), 1_000_004));
        Assert.Null(Routes.Match(table, Routes.Request("/"), 1_000_005));
    }

    [Fact]
    public void RuntimeFractionSplitsTrafficOverRandomValues()
    {
        RouteTable table = Routes.WithRoutes("""
            - {name: canary, match: {prefix: /, runtime_fraction: {default_value: {numerator: 10, denominator: HUNDRED}}}, route: {cluster: canary}}
            - {name: stable, match: {prefix: /}, route: {cluster: stable}}
            """, Routes.Context(new Random(7)));
        int canary = 0;
        for (int i = 0; i < 10_000; i++)
        {
            if (Routes.Match(table, Routes.Request("/"), table.NextRandomValue())!.Name == "canary")
            {
                canary++;
            }
        }

        Assert.InRange(canary, 850, 1150);
    }

    [Fact]
    public void TlsContextPresentedAndValidated()
    {
        RouteTable table = Routes.WithRoutes("""
            - {name: mtls, match: {prefix: /, tls_context: {presented: true, validated: true}}, route: {cluster: c}}
            - {name: plain, match: {prefix: /, tls_context: {presented: false}}, route: {cluster: c}}
            """);
        var headers = new HeaderDictionary();
        Assert.Equal("mtls", table.Route(new RequestView("GET", "a", "/", headers, "https", null, true, true), 0).Route!.Name);
        Assert.Equal("plain", table.Route(new RequestView("GET", "a", "/", headers, "https"), 0).Route!.Name);
        Assert.Null(table.Route(new RequestView("GET", "a", "/", headers, "https", null, true, false), 0).Route);
    }

    [Fact]
    public void DynamicMetadataMatchersNeverMatchYet()
    {
        RouteTable table = Routes.WithRoutes("""
            - {name: meta, match: {prefix: /, dynamic_metadata: [{filter: envoy.filters.http.jwt_authn, path: [{key: sub}], value: {string_match: {exact: me}}}]}, route: {cluster: a}}
            - {name: fallback, match: {prefix: /}, route: {cluster: b}}
            """);
        Assert.Equal("fallback", Routes.Match(table, Routes.Request("/"))!.Name);
    }

    [Theory]
    [InlineData(TlsRequirement.All, "http", false, true)]
    [InlineData(TlsRequirement.All, "https", false, false)]
    [InlineData(TlsRequirement.ExternalOnly, "http", false, true)]
    [InlineData(TlsRequirement.ExternalOnly, "http", true, false)]
    [InlineData(TlsRequirement.None, "http", false, false)]
    public void RequireTlsRedirectsPlainRequests(TlsRequirement requirement, string forwardedProto, bool internalRequest, bool redirect)
    {
        string value = requirement switch { TlsRequirement.All => "ALL", TlsRequirement.ExternalOnly => "EXTERNAL_ONLY", _ => "NONE" };
        RouteTable table = Routes.Table($"virtual_hosts: [{{name: vh, domains: ['*'], require_tls: {value}, routes: [{{match: {{prefix: /}}, route: {{cluster: c}}}}]}}]");
        var headers = new HeaderDictionary();
        if (internalRequest)
        {
            headers["x-envoy-internal"] = "true";
        }

        var request = new RequestView("GET", "a.com:8080", "/x?y", headers, "http", forwardedProto);
        RouteMatchResult result = table.Route(request, 0);
        Assert.Equal(redirect, result.RequiresTlsRedirect);
        Assert.Equal(redirect, result.Route is null);
        Assert.Equal("https://a.com:8080/x?y", RedirectLocation.BuildTlsRedirectLocation(request));
    }

    [Fact]
    public void RouteFromHttpRequestUsesTheRawTarget()
    {
        RouteTable table = Routes.WithRoutes("- {match: {path: '/a%2Fb'}, route: {cluster: c}}");
        HttpContext http = Routes.Http("/ignored");
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget = "/a%2Fb?x=1";
        Assert.NotNull(table.Route(http.Request).Route);
    }

    [Fact]
    public void AbsoluteFormTargetsRouteOnTheirPath()
    {
        RouteTable table = Routes.WithRoutes("- {match: {path: '/p'}, route: {cluster: c}}");
        HttpContext http = Routes.Http("/ignored");
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget = "http://example.com/p?q";
        Assert.Equal("/p?q", RequestView.From(http.Request).Path);
        Assert.NotNull(table.Route(http.Request).Route);
    }
}
