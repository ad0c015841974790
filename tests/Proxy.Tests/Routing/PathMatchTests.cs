using Proxy.Routing;

namespace Proxy.Tests.Routing;

public sealed class PathMatchTests
{
    [Theory]
    [InlineData("/api", true)]
    [InlineData("/api/v1", true)]
    [InlineData("/apix", true)]
    [InlineData("/API/v1", false)]
    [InlineData("/ap", false)]
    [InlineData("/ap?i", false)]
    public void PrefixMatchesTheStartOfThePathCaseSensitively(string path, bool matches)
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /api}, route: {cluster: c}}");
        Assert.Equal(matches, Routes.Match(table, Routes.Request(path)) is not null);
    }

    [Theory]
    [InlineData("/API/v1", true)]
    [InlineData("/Api", true)]
    [InlineData("/other", false)]
    public void CaseInsensitivePrefix(string path, bool matches)
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /api, case_sensitive: false}, route: {cluster: c}}");
        Assert.Equal(matches, Routes.Match(table, Routes.Request(path)) is not null);
    }

    [Theory]
    [InlineData("/exact", true)]
    [InlineData("/exact?x=1", true)]
    [InlineData("/exact#frag", true)]
    [InlineData("/exact/", false)]
    [InlineData("/EXACT", false)]
    public void PathIsAnExactMatchWithoutTheQuery(string path, bool matches)
    {
        RouteTable table = Routes.WithRoutes("- {match: {path: /exact}, route: {cluster: c}}");
        Assert.Equal(matches, Routes.Match(table, Routes.Request(path)) is not null);
    }

    [Fact]
    public void CaseInsensitivePath()
    {
        RouteTable table = Routes.WithRoutes("- {match: {path: /exact, case_sensitive: false}, route: {cluster: c}}");
        Assert.NotNull(Routes.Match(table, Routes.Request("/EXACT?q")));
    }

    // RouteMatch.path_separated_prefix doc example.
    [Theory]
    [InlineData("/api/dev", true)]
    [InlineData("/api/dev/", true)]
    [InlineData("/api/dev/v1", true)]
    [InlineData("/api/dev?param=true", true)]
    [InlineData("/api/developer", false)]
    [InlineData("/api/de", false)]
    public void PathSeparatedPrefixNeedsASeparatorAfterThePrefix(string path, bool matches)
    {
        RouteTable table = Routes.WithRoutes("- {match: {path_separated_prefix: /api/dev}, route: {cluster: c}}");
        Assert.Equal(matches, Routes.Match(table, Routes.Request(path)) is not null);
    }

    [Theory]
    [InlineData("/users/42", true)]
    [InlineData("/users/42?x=y", true)]
    [InlineData("/users/42/extra", false)]
    [InlineData("/x/users/42", false)]
    [InlineData("/users/abc", false)]
    public void SafeRegexMustMatchTheWholePathWithoutQuery(string path, bool matches)
    {
        RouteTable table = Routes.WithRoutes(@"- {match: {safe_regex: {regex: '/users/\d+'}}, route: {cluster: c}}");
        Assert.Equal(matches, Routes.Match(table, Routes.Request(path)) is not null);
    }

    [Fact]
    public void FirstMatchingRouteWins()
    {
        RouteTable table = Routes.WithRoutes("""
            - {name: specific, match: {prefix: /api/v2}, route: {cluster: v2}}
            - {name: general, match: {prefix: /api}, route: {cluster: api}}
            - {name: shadowed, match: {prefix: /api/v2/x}, route: {cluster: never}}
            """);
        Assert.Equal("specific", Routes.Match(table, Routes.Request("/api/v2/x"))!.Name);
        Assert.Equal("general", Routes.Match(table, Routes.Request("/api/v1"))!.Name);
        Assert.Null(Routes.Match(table, Routes.Request("/other")));
    }

    [Fact]
    public void ConnectMatcherMatchesOnlyConnectAndPathlessRequests()
    {
        RouteTable table = Routes.WithRoutes("""
            - {name: connect, match: {connect_matcher: {}}, route: {cluster: tunnel}}
            - {name: any, match: {prefix: /}, route: {cluster: web}}
            """);
        RequestView connect = new("CONNECT", "upstream:443", null, new Microsoft.AspNetCore.Http.HeaderDictionary());
        Assert.Equal("connect", table.Route(connect, 0).Route!.Name);
        Assert.Equal("any", Routes.Match(table, Routes.Request("/", method: "GET"))!.Name);
    }

    [Fact]
    public void PathlessRequestsSkipNonConnectRoutes()
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /}, route: {cluster: web}}");
        RequestView connect = new("CONNECT", "upstream:443", null, new Microsoft.AspNetCore.Http.HeaderDictionary());
        RouteMatchResult result = table.Route(connect, 0);
        Assert.NotNull(result.VirtualHost);
        Assert.Null(result.Route);
    }

    [Theory]
    [InlineData("/api;jsessionid=1/x", true)]
    [InlineData("/exact;v=1", true)]
    public void IgnorePathParametersCutsThePathAtTheFirstSemicolon(string path, bool matches)
    {
        RouteTable table = Routes.Table("""
            ignore_path_parameters_in_path_matching: true
            virtual_hosts:
            - name: vh
              domains: ['*']
              routes:
              - {match: {path: /exact}, route: {cluster: exact}}
              - {match: {path: /api}, route: {cluster: api}}
            """);
        Assert.Equal(matches, Routes.Match(table, Routes.Request(path)) is not null);
    }

    [Fact]
    public void PathParametersCountByDefault()
    {
        RouteTable table = Routes.WithRoutes("- {match: {path: /exact}, route: {cluster: exact}}");
        Assert.Null(Routes.Match(table, Routes.Request("/exact;v=1")));
    }
}
