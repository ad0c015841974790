using Proxy.Stats;

namespace Proxy.Tests.Stats;

/// <summary>A stats regex is tried only on names that start with its literal prefix; the answer must not change.</summary>
public sealed class RegexLiteralPrefixTests
{
    [Theory]
    [InlineData(@"vhost\..*\.route\..*", "vhost.")]
    [InlineData(@"cluster\.outbound\|.*", "")] // an alternation bar anywhere: no prefix
    [InlineData(@"abc*", "ab")]
    [InlineData(@"ab\.?x", "ab")]
    [InlineData(@"ab{2}", "a")]
    [InlineData(@"ab+c", "ab")]
    [InlineData(@".*osconfig.*", "")]
    [InlineData(@"(?i)server", "")]
    [InlineData(@"a|b", "")]
    [InlineData(@"\d+", "")]
    public void LiteralPrefixStopsAtTheFirstMetacharacter(string regex, string expected) =>
        Assert.Equal(expected, StringMatch.LiteralPrefix(regex));

    [Theory]
    [InlineData(@"vhost\..*\.route\..*", "vhost.a.route.b", true)]
    [InlineData(@"vhost\..*\.route\..*", "cluster.vhost.a.route.b", false)]
    [InlineData(@"abc*", "ab", true)]
    [InlineData(@"abc*", "abccc", true)]
    [InlineData(@"a|cluster\..*", "cluster.x", true)]
    public void MatchesAsTheRegexAlone(string regex, string name, bool expected) =>
        Assert.Equal(expected, StringMatch.SafeRegex(regex).Matches(name));
}
