using Proxy.Filters.Extensions;
using Proxy.Routing.Matching;

namespace Proxy.Tests.Routing;

public sealed class Re2RegexTests
{
    [Theory]
    [InlineData(@"(a)\1", "backreference")]
    [InlineData(@"(?<n>a)\k<n>", "named backreference")]
    [InlineData(@"a(?=b)", "lookahead")]
    [InlineData(@"a(?!b)", "lookahead")]
    [InlineData(@"(?<=a)b", "lookbehind")]
    [InlineData(@"(?<!a)b", "lookbehind")]
    [InlineData(@"(?>a+)b", "atomic group")]
    [InlineData(@"a++", "possessive")]
    [InlineData(@"a*+", "possessive")]
    [InlineData(@"(?(a)b|c)", "conditional")]
    [InlineData(@"a\Z", @"'\Z'")]
    [InlineData(@"(?U)a+", "ungreedy")]
    [InlineData(@"(?P=n)", "named backreference")]
    public void RefusesWhatRe2Lacks(string pattern, string reason)
    {
        var e = Assert.Throws<ConfigException>(() => Re2Regex.CompileFullMatch(pattern));
        Assert.Contains(reason, e.Message);
        Assert.Contains("not supported by RE2", e.Message);
    }

    [Theory]
    [InlineData("a(")]
    [InlineData("[a")]
    [InlineData("a{2,1}")]
    [InlineData(@"a\")]
    public void InvalidPatternsAreConfigErrors(string pattern)
    {
        var e = Assert.Throws<ConfigException>(() => Re2Regex.CompileFullMatch(pattern));
        Assert.StartsWith($"invalid regex '{pattern}'", e.Message);
    }

    [Fact]
    public void FullMatchIsAnchoredAtBothEnds()
    {
        var regex = Re2Regex.CompileFullMatch("a|ab");
        Assert.Matches(regex, "ab");
        Assert.Matches(regex, "a");
        Assert.DoesNotMatch(regex, "abc");
        Assert.DoesNotMatch(regex, "xab");
    }

    [Fact]
    public void DollarIsEndOfTextOutsideMultiLineMode()
    {
        // .NET's '$' also matches before a final newline; RE2's does not.
        Assert.DoesNotMatch(Re2Regex.CompileSearch("a$"), "a\n");
        Assert.Matches(Re2Regex.CompileSearch("(?m)a$"), "a\nb");
    }

    [Fact]
    public void PerlClassesAreAsciiOnly()
    {
        Assert.DoesNotMatch(Re2Regex.CompileFullMatch(@"\d+"), "١٢٣");
        Assert.Matches(Re2Regex.CompileFullMatch(@"\d+"), "123");
        Assert.DoesNotMatch(Re2Regex.CompileFullMatch(@"\w"), "é");
        Assert.Matches(Re2Regex.CompileFullMatch(@"[\d_]+"), "1_2");
        Assert.Matches(Re2Regex.CompileFullMatch(@"\S+\s\S+"), "a b");
    }

    [Fact]
    public void Re2SyntaxIsTranslated()
    {
        Assert.Matches(Re2Regex.CompileFullMatch(@"(?P<id>\d+)-x"), "12-x");
        Assert.Matches(Re2Regex.CompileFullMatch(@"[[:alpha:]]+[[:digit:]]"), "abc1");
        Assert.DoesNotMatch(Re2Regex.CompileFullMatch(@"[[:alpha:]]+"), "ab:");
        Assert.Matches(Re2Regex.CompileFullMatch(@"\pL+"), "héllo");
        Assert.Matches(Re2Regex.CompileFullMatch(@"[]a]+"), "]a]");
        Assert.Matches(Re2Regex.CompileFullMatch(@"(?i)ABC"), "abc");
        Assert.Matches(Re2Regex.CompileFullMatch(@"a.*?b"), "axxb");
    }

    [Fact]
    public void NamedGroupsKeepRe2Numbering()
    {
        // RE2 numbers groups left to right; .NET would number the named one last.
        var regex = Re2Regex.CompileSearch(@"(?P<first>a)(b)");
        string replacement = Re2Regex.TranslateSubstitution(@"\2\1", regex);
        Assert.Equal("ba", regex.Replace("ab", replacement));
    }

    [Fact]
    public void SubstitutionTranslation()
    {
        var regex = Re2Regex.CompileSearch("(o)");
        Assert.Equal("f[o][o]$", regex.Replace("foo$", Re2Regex.TranslateSubstitution(@"[\1]", regex)).Replace("$$", "$"));
        Assert.Equal(@"f\o\o", regex.Replace("foo", Re2Regex.TranslateSubstitution(@"\\\0", regex)));
        Assert.Equal("f$1$1", regex.Replace("foo", Re2Regex.TranslateSubstitution("$1", regex)));
        Assert.Throws<ConfigException>(() => Re2Regex.TranslateSubstitution(@"\2", regex));
        Assert.Throws<ConfigException>(() => Re2Regex.TranslateSubstitution(@"\n", regex));
        Assert.Throws<ConfigException>(() => Re2Regex.TranslateSubstitution(@"x\", regex));
    }

    [Fact]
    public void CompiledWithTheNonBacktrackingEngine()
    {
        Assert.True(Re2Regex.CompileFullMatch("(a+)+b").Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
        // A pattern that is catastrophic for a backtracking engine finishes at once.
        Assert.DoesNotMatch(Re2Regex.CompileFullMatch("(a+)+b"), new string('a', 5000));
    }
}
