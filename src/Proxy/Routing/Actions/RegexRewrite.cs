using System.Text.RegularExpressions;

namespace Proxy.Routing.Actions;

/// <summary>RegexMatchAndSubstitute: every match of <see cref="Pattern"/> is replaced (RE2 <c>GlobalReplace</c>).</summary>
public sealed class RegexRewrite
{
    public RegexRewrite(Regex pattern, string substitution, string replacement)
    {
        Pattern = pattern;
        Substitution = substitution;
        Replacement = replacement;
    }

    /// <summary>Unanchored, from <see cref="Matching.Re2Regex.CompileSearch"/>.</summary>
    public Regex Pattern { get; }

    /// <summary>As configured, RE2 syntax (<c>\1</c>).</summary>
    public string Substitution { get; }

    /// <summary>The same in .NET replacement syntax (<c>${1}</c>).</summary>
    public string Replacement { get; }

    public string Apply(string input) => Pattern.Replace(input, Replacement);
}
