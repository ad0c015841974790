using System.Text.RegularExpressions;

namespace Proxy.Routing.Matching;

/// <summary>
/// Envoy's StringMatcher: exact / prefix / suffix / contains (optionally <c>ignore_case</c>, which Envoy
/// ignores for <c>safe_regex</c>) or a full-match RE2 regex. Allocation-free.
/// </summary>
public sealed class StringMatcher
{
    private readonly StringComparison _comparison;

    private StringMatcher(StringMatchKind kind, string value, bool ignoreCase, Regex? regex)
    {
        Kind = kind;
        Value = value;
        IgnoreCase = ignoreCase;
        Regex = regex;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    public StringMatchKind Kind { get; }

    /// <summary>The literal to compare with, or the regex source for <see cref="StringMatchKind.Regex"/>.</summary>
    public string Value { get; }

    public bool IgnoreCase { get; }

    /// <summary>Compiled for a full match (anchored at both ends); set for <see cref="StringMatchKind.Regex"/>.</summary>
    public Regex? Regex { get; }

    public static StringMatcher Exact(string value, bool ignoreCase = false) => new(StringMatchKind.Exact, value, ignoreCase, null);

    public static StringMatcher Prefix(string value, bool ignoreCase = false) => new(StringMatchKind.Prefix, value, ignoreCase, null);

    public static StringMatcher Suffix(string value, bool ignoreCase = false) => new(StringMatchKind.Suffix, value, ignoreCase, null);

    public static StringMatcher Contains(string value, bool ignoreCase = false) => new(StringMatchKind.Contains, value, ignoreCase, null);

    /// <summary><paramref name="fullMatch"/> must come from <see cref="Re2Regex.CompileFullMatch"/>.</summary>
    public static StringMatcher FromRegex(string source, Regex fullMatch) => new(StringMatchKind.Regex, source, false, fullMatch);

    public bool Matches(ReadOnlySpan<char> input) => Kind switch
    {
        StringMatchKind.Exact => input.Equals(Value, _comparison),
        StringMatchKind.Prefix => input.StartsWith(Value, _comparison),
        StringMatchKind.Suffix => input.EndsWith(Value, _comparison),
        StringMatchKind.Contains => input.Contains(Value.AsSpan(), _comparison),
        _ => Regex!.IsMatch(input),
    };
}
