using Proxy.Routing;

namespace Proxy.Tests.Routing;

public sealed class HeaderMatcherTests
{
    private static bool Matches(string matcherYaml, params (string, string)[] headers) => MatchesRequest(matcherYaml, Routes.Request("/p", headers: headers));

    private static bool MatchesRequest(string matcherYaml, RequestView request)
    {
        RouteTable table = Routes.WithRoutes($"- {{match: {{prefix: /, headers: [{matcherYaml}]}}, route: {{cluster: c}}}}");
        return Routes.Match(table, request) is not null;
    }

    [Fact]
    public void ExactMatchDeprecatedField()
    {
        Assert.True(Matches("{name: x-env, exact_match: prod}", ("x-env", "prod")));
        Assert.False(Matches("{name: x-env, exact_match: prod}", ("x-env", "Prod")));
        Assert.False(Matches("{name: x-env, exact_match: prod}"));
    }

    [Fact]
    public void HeaderNamesAreCaseInsensitive()
    {
        Assert.True(Matches("{name: X-Env, string_match: {exact: prod}}", ("x-ENV", "prod")));
    }

    [Theory]
    [InlineData("{exact: abc}", "abc", true)]
    [InlineData("{exact: abc}", "ABC", false)]
    [InlineData("{exact: abc, ignore_case: true}", "ABC", true)]
    [InlineData("{prefix: ab}", "abc", true)]
    [InlineData("{prefix: AB, ignore_case: true}", "abc", true)]
    [InlineData("{prefix: bc}", "abc", false)]
    [InlineData("{suffix: bc}", "abc", true)]
    [InlineData("{suffix: BC, ignore_case: true}", "abc", true)]
    [InlineData("{contains: b}", "abc", true)]
    [InlineData("{contains: B}", "abc", false)]
    [InlineData("{contains: B, ignore_case: true}", "abc", true)]
    [InlineData("{safe_regex: {regex: 'a.c'}}", "abc", true)]
    [InlineData("{safe_regex: {regex: 'b'}}", "abc", false)]
    [InlineData("{safe_regex: {regex: 'A.C'}, ignore_case: true}", "abc", false)]
    public void StringMatch(string stringMatch, string value, bool expected) =>
        Assert.Equal(expected, Matches($"{{name: h, string_match: {stringMatch}}}", ("h", value)));

    [Fact]
    public void DeprecatedPrefixSuffixContainsAndRegex()
    {
        Assert.True(Matches("{name: h, prefix_match: ab}", ("h", "abc")));
        Assert.True(Matches("{name: h, suffix_match: bc}", ("h", "abc")));
        Assert.True(Matches("{name: h, contains_match: b}", ("h", "abc")));
        Assert.True(Matches(@"{name: h, safe_regex_match: {regex: '\d{3}'}}", ("h", "123")));
        Assert.False(Matches(@"{name: h, safe_regex_match: {regex: '\d{3}'}}", ("h", "1234")));
    }

    // HeaderMatcher.range_match doc: [-10,0) matches -1 but not 0, "somestring", 10.9, "-1somestring".
    [Theory]
    [InlineData("-1", true)]
    [InlineData("-10", true)]
    [InlineData("0", false)]
    [InlineData("somestring", false)]
    [InlineData("10.9", false)]
    [InlineData("-1somestring", false)]
    [InlineData("", false)]
    public void RangeMatchIsHalfOpen(string value, bool expected) =>
        Assert.Equal(expected, Matches("{name: h, range_match: {start: -10, end: 0}}", ("h", value)));

    [Fact]
    public void PresentMatch()
    {
        Assert.True(Matches("{name: h, present_match: true}", ("h", "")));
        Assert.False(Matches("{name: h, present_match: true}"));
        Assert.True(Matches("{name: h, present_match: false}"));
        Assert.False(Matches("{name: h, present_match: false}", ("h", "x")));
    }

    [Fact]
    public void NoSpecifierMeansPresence()
    {
        Assert.True(Matches("{name: h}", ("h", "anything")));
        Assert.False(Matches("{name: h}"));
    }

    // HeaderMatcher.invert_match doc: \d{3} does not match 1234, so it matches when inverted.
    [Fact]
    public void InvertMatch()
    {
        Assert.True(Matches(@"{name: h, safe_regex_match: {regex: '\d{3}'}, invert_match: true}", ("h", "1234")));
        Assert.False(Matches("{name: h, range_match: {start: -10, end: 0}, invert_match: true}", ("h", "-1")));
        Assert.True(Matches("{name: h, present_match: true, invert_match: true}"));
    }

    // HeaderMatcher.treat_missing_header_as_empty doc examples (header1..header4).
    [Fact]
    public void MissingHeaderFailsEvenWhenInvertedUnlessTreatedAsEmpty()
    {
        Assert.True(Matches("{name: header1, range_match: {start: 0, end: 10}, invert_match: true, treat_missing_header_as_empty: true}"));
        Assert.False(Matches("{name: header2, range_match: {start: 0, end: 10}, invert_match: true}"));
        Assert.True(Matches("{name: header3, string_match: {safe_regex: {regex: '^$'}}, treat_missing_header_as_empty: true}"));
        Assert.False(Matches("{name: header4, string_match: {safe_regex: {regex: '^$'}}}"));
    }

    [Fact]
    public void SeveralValuesAreJoinedWithCommas()
    {
        Assert.True(Matches("{name: h, string_match: {exact: 'a,b'}}", ("h", "a"), ("h", "b")));
        Assert.False(Matches("{name: h, string_match: {exact: a}}", ("h", "a"), ("h", "b")));
    }

    [Fact]
    public void PseudoHeadersComeFromTheRequestLine()
    {
        var post = Routes.Request("/p?q=1", authority: "svc.local:8080", method: "POST");
        Assert.True(MatchesRequest("{name: ':method', string_match: {exact: POST}}", post));
        Assert.False(MatchesRequest("{name: ':method', string_match: {exact: GET}}", post));
        Assert.True(MatchesRequest("{name: ':authority', string_match: {exact: 'svc.local:8080'}}", post));
        Assert.True(MatchesRequest("{name: ':path', string_match: {exact: '/p?q=1'}}", post));
        Assert.True(MatchesRequest("{name: ':scheme', string_match: {exact: http}}", post));
    }

    [Fact]
    public void HostIsOnlyVisibleAsAuthority()
    {
        var request = Routes.Request("/", authority: "a.com", headers: [("host", "a.com")]);
        Assert.False(MatchesRequest("{name: host, present_match: true}", request));
        Assert.True(MatchesRequest("{name: ':authority', present_match: true}", request));
    }

    [Fact]
    public void AllHeaderMatchersMustMatch()
    {
        RouteTable table = Routes.WithRoutes("- {match: {prefix: /, headers: [{name: a, present_match: true}, {name: b, string_match: {exact: '1'}}]}, route: {cluster: c}}");
        Assert.NotNull(Routes.Match(table, Routes.Request("/", headers: [("a", "x"), ("b", "1")])));
        Assert.Null(Routes.Match(table, Routes.Request("/", headers: [("a", "x"), ("b", "2")])));
        Assert.Null(Routes.Match(table, Routes.Request("/", headers: [("b", "1")])));
    }

    [Fact]
    public void ResponseHeadersCanBeMatchedToo()
    {
        var matcher = new Proxy.Routing.Matching.HeaderMatcher("x-retry", Proxy.Routing.Matching.HeaderMatchKind.String, Proxy.Routing.Matching.StringMatcher.Exact("yes"));
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary { ["X-Retry"] = "yes" };
        Assert.True(matcher.Matches(headers));
    }
}
