using System.Text.RegularExpressions;

namespace Proxy.Stats;

/// <summary>
/// A validated <c>envoy.type.matcher.v3.StringMatcher</c> over stat names: exact, prefix, suffix or
/// contains (honouring <c>ignore_case</c>), or <c>safe_regex</c>, which must match the whole name (RE2
/// full match) and ignores <c>ignore_case</c>, as Envoy's.
/// </summary>
public sealed class StringMatch
{
    private readonly Regex? _regex;
    private readonly string _regexPrefix;

    private StringMatch(StringMatchKind kind, string value, bool ignoreCase, Regex? regex)
    {
        Kind = kind;
        Value = value;
        IgnoreCase = ignoreCase;
        _regex = regex;
        _regexPrefix = regex is null ? string.Empty : LiteralPrefix(value);
    }

    public StringMatchKind Kind { get; }

    /// <summary>The string to compare with, or the regex source for <see cref="StringMatchKind.SafeRegex"/>.</summary>
    public string Value { get; }

    public bool IgnoreCase { get; }

    public static StringMatch Exact(string value, bool ignoreCase = false) => new(StringMatchKind.Exact, value, ignoreCase, null);

    public static StringMatch Prefix(string value, bool ignoreCase = false) => new(StringMatchKind.Prefix, value, ignoreCase, null);

    public static StringMatch Suffix(string value, bool ignoreCase = false) => new(StringMatchKind.Suffix, value, ignoreCase, null);

    public static StringMatch Contains(string value, bool ignoreCase = false) => new(StringMatchKind.Contains, value, ignoreCase, null);

    /// <summary>A full-match RE2 regex; throws <see cref="ArgumentException"/> when it does not compile.</summary>
    public static StringMatch SafeRegex(string regex) =>
        new(StringMatchKind.SafeRegex, regex, false, RegexTranslator.Compile("^(?:" + regex + ")$", RegexDialect.Re2, needsCaptures: false));

    public bool Matches(string name) => Matches(name.AsSpan());

    public bool Matches(ReadOnlySpan<char> name)
    {
        var comparison = IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return Kind switch
        {
            StringMatchKind.Exact => name.Equals(Value, comparison),
            StringMatchKind.Prefix => name.StartsWith(Value, comparison),
            StringMatchKind.Suffix => name.EndsWith(Value, comparison),
            StringMatchKind.Contains => name.Contains(Value, comparison),
            // Every stat is matched against every pattern when it is created (a mesh creates hundreds of
            // thousands): a regex's literal start, such as Istio's "vhost\..*", rules most names out first.
            _ => name.StartsWith(_regexPrefix, StringComparison.Ordinal) && _regex!.IsMatch(name),
        };
    }

    /// <summary>
    /// The literal text every full match of <paramref name="regex"/> starts with: its leading characters up to
    /// the first metacharacter (escaped punctuation counts as literal), minus the last one when a quantifier
    /// follows it. Empty when the regex has an alternation anywhere, or starts with anything else.
    /// </summary>
    internal static string LiteralPrefix(string regex)
    {
        if (regex.Contains('|'))
        {
            return string.Empty;
        }

        var prefix = new System.Text.StringBuilder();
        for (var i = 0; i < regex.Length; i++)
        {
            var c = regex[i];
            if (c == '\\' && i + 1 < regex.Length && !char.IsLetterOrDigit(regex[i + 1]))
            {
                prefix.Append(regex[++i]);
                continue;
            }

            if (char.IsLetterOrDigit(c) || c is '_' or '-' or '=' or ',' or ':' or '/' or ' ')
            {
                prefix.Append(c);
                continue;
            }

            if (c is '*' or '?' or '{' && prefix.Length > 0)
            {
                prefix.Length--;
            }

            break;
        }

        return prefix.ToString();
    }
}
