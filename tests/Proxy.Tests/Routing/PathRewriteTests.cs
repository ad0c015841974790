using Proxy.Routing;

namespace Proxy.Tests.Routing;

public sealed class PathRewriteTests
{
    private static string? Rewrite(string routesYaml, string pathAndQuery)
    {
        RouteTable table = Routes.WithRoutes(routesYaml);
        RouteEntry route = Routes.Match(table, Routes.Request(pathAndQuery))!;
        return PathRewriter.RewritePath(route, pathAndQuery);
    }

    // RouteAction.prefix_rewrite doc: "/prefix/" → "/" and "/prefix" → "/" strip the prefix.
    [Theory]
    [InlineData("/prefix", "/")]
    [InlineData("/prefix/etc", "/etc")]
    [InlineData("/prefix/etc?a=b", "/etc?a=b")]
    [InlineData("/prefixed", "/ed")]
    public void PrefixRewriteReplacesTheMatchedPrefix(string path, string expected)
    {
        const string Config = """
            - {match: {prefix: /prefix/}, route: {cluster: c, prefix_rewrite: /}}
            - {match: {prefix: /prefix}, route: {cluster: c, prefix_rewrite: /}}
            """;
        Assert.Equal(expected, Rewrite(Config, path));
    }

    [Fact]
    public void CaseInsensitivePrefixRewriteReplacesTheMatchedLength()
    {
        Assert.Equal("/v2/items", Rewrite("- {match: {prefix: /API/V1, case_sensitive: false}, route: {cluster: c, prefix_rewrite: /v2}}", "/api/v1/items"));
    }

    [Fact]
    public void PrefixRewriteOnExactAndRegexRoutesReplacesTheWholePath()
    {
        Assert.Equal("/new?q=1", Rewrite("- {match: {path: /old}, route: {cluster: c, prefix_rewrite: /new}}", "/old?q=1"));
        Assert.Equal("/new?q=1", Rewrite("- {match: {safe_regex: {regex: '/o.d'}}, route: {cluster: c, prefix_rewrite: /new}}", "/old?q=1"));
        Assert.Equal("/new/x", Rewrite("- {match: {path_separated_prefix: /old}, route: {cluster: c, prefix_rewrite: /new}}", "/old/x"));
    }

    // RouteAction.regex_rewrite doc examples.
    [Theory]
    [InlineData(@"'^/service/([^/]+)(/.*)$'", @"'\2/instance/\1'", "/service/foo/v1/api", "/v1/api/instance/foo")]
    [InlineData("one", "two", "/xxx/one/yyy/one/zzz", "/xxx/two/yyy/two/zzz")]
    [InlineData(@"'^(.*?)one(.*)$'", @"'\1two\2'", "/xxx/one/yyy/one/zzz", "/xxx/two/yyy/one/zzz")]
    [InlineData("'(?i)/xxx/'", "/yyy/", "/aaa/XxX/bbb", "/aaa/yyy/bbb")]
    public void RegexRewriteDocExamples(string pattern, string substitution, string path, string expected)
    {
        string config = $"- {{match: {{prefix: /}}, route: {{cluster: c, regex_rewrite: {{pattern: {{regex: {pattern}}}, substitution: {substitution}}}}}}}";
        Assert.Equal(expected, Rewrite(config, path));
        Assert.Equal(expected + "?keep=1", Rewrite(config, path + "?keep=1"));
    }

    [Fact]
    public void NoRewriteConfiguredGivesNull()
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /}, route: {cluster: c}}");
        RouteEntry route = table.VirtualHosts[0].Routes[0];
        Assert.Null(PathRewriter.RewritePath(route, "/x?y"));
        Assert.Null(PathRewriter.RewritePath(route, "/x", "?y"));
    }

    [Fact]
    public void SplitFormTakesPathAndQuerySeparately()
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /a}, route: {cluster: c, prefix_rewrite: /b}}");
        Assert.Equal("/b/c?d=e", PathRewriter.RewritePath(table.VirtualHosts[0].Routes[0], "/a/c", "?d=e"));
    }
}
