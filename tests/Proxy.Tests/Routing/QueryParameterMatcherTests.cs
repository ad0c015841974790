using Proxy.Routing;
using Proxy.Routing.Matching;

namespace Proxy.Tests.Routing;

public sealed class QueryParameterMatcherTests
{
    private static bool Matches(string matchersYaml, string path)
    {
        RouteTable table = Routes.WithRoutes($"- {{match: {{prefix: /, query_parameters: [{matchersYaml}]}}, route: {{cluster: c}}}}");
        return Routes.Match(table, Routes.Request(path)) is not null;
    }

    [Theory]
    [InlineData("/p?debug=1", true)]
    [InlineData("/p?x=2&debug=1", true)]
    [InlineData("/p?debug=2", false)]
    [InlineData("/p?DEBUG=1", false)]
    [InlineData("/p", false)]
    [InlineData("/p?debug=1%20", false)]
    public void StringMatchOnTheValue(string path, bool expected) =>
        Assert.Equal(expected, Matches("{name: debug, string_match: {exact: '1'}}", path));

    [Fact]
    public void OnlyTheFirstValueCounts()
    {
        Assert.True(Matches("{name: v, string_match: {exact: a}}", "/p?v=a&v=b"));
        Assert.False(Matches("{name: v, string_match: {exact: b}}", "/p?v=a&v=b"));
    }

    [Fact]
    public void ValuesAreNotPercentDecoded()
    {
        Assert.True(Matches("{name: q, string_match: {exact: 'a%20b'}}", "/p?q=a%20b"));
        Assert.False(Matches("{name: q, string_match: {exact: 'a b'}}", "/p?q=a%20b"));
    }

    [Theory]
    [InlineData("/p?flag", true)]
    [InlineData("/p?flag=", true)]
    [InlineData("/p?flag=x", true)]
    [InlineData("/p?flags=x", false)]
    public void PresentMatch(string path, bool expected) =>
        Assert.Equal(expected, Matches("{name: flag, present_match: true}", path));

    [Fact]
    public void AllMustMatch()
    {
        Assert.True(Matches("{name: a, present_match: true}, {name: b, string_match: {prefix: x}}", "/p?a&b=xy"));
        Assert.False(Matches("{name: a, present_match: true}, {name: b, string_match: {prefix: x}}", "/p?b=xy"));
    }

    [Fact]
    public void ScannerHandlesEdgeCases()
    {
        Assert.True(QueryString.TryGetFirstValue("/a?=v&k=1", "k", out var value));
        Assert.Equal("1", value.ToString());
        Assert.True(QueryString.TryGetFirstValue("/a?k=1=2", "k", out value));
        Assert.Equal("1=2", value.ToString());
        Assert.False(QueryString.TryGetFirstValue("/a", "k", out _));
        Assert.True(QueryString.TryGetFirstValue("/a?&&k", "k", out value));
        Assert.Equal(string.Empty, value.ToString());
    }
}
