using Proxy.Stats;

namespace Proxy.Tests.Stats;

public sealed class RegexTranslatorTests
{
    [Theory]
    [InlineData("[[:digit:]]+", RegexDialect.Ecma, "[0-9]+")]
    [InlineData("[_.[:digit:]\\w]*", RegexDialect.Ecma, "[_.0-9a-zA-Z0-9_]*")]
    [InlineData("[\\w-\\.]+", RegexDialect.Re2, "[a-zA-Z0-9_\\-\\.]+")]
    [InlineData("_rq(_(\\d{3}))$", RegexDialect.Re2, "_rq(_([0-9]{3}))\\z")]
    [InlineData("(?P<code>\\d)", RegexDialect.Re2, "(?<code>[0-9])")]
    [InlineData("\\Qa.b\\E", RegexDialect.Re2, "a\\.b")]
    [InlineData("[]a]", RegexDialect.Re2, "[\\]a]")]
    public void Translates(string pattern, RegexDialect dialect, string expected)
    {
        Assert.Equal(expected, RegexTranslator.Translate(pattern, dialect));
    }

    [Fact]
    public void DigitsAreAsciiOnly()
    {
        var regex = RegexTranslator.Compile("^\\d+$", RegexDialect.Re2, needsCaptures: false);

        Assert.Matches(regex, "123");
        Assert.DoesNotMatch(regex, "١٢٣"); // Arabic-Indic digits are \d in .NET, not in RE2
    }

    [Fact]
    public void DollarDoesNotMatchBeforeATrailingNewline()
    {
        var regex = RegexTranslator.Compile("a$", RegexDialect.Re2, needsCaptures: false);

        Assert.DoesNotMatch(regex, "a\n");
    }

    [Fact]
    public void Re2RefusesLookaheadEcmaAllowsIt()
    {
        Assert.Throws<ArgumentException>(() => RegexTranslator.Compile("a(?=b)", RegexDialect.Re2, needsCaptures: false));
        Assert.Matches(RegexTranslator.Compile("^listener(?=\\.)", RegexDialect.Ecma, needsCaptures: true), "listener.x");
    }

    [Fact]
    public void UnknownPosixClassIsAnError()
    {
        Assert.Throws<ArgumentException>(() => RegexTranslator.Translate("[[:digits:]]", RegexDialect.Ecma));
    }
}
