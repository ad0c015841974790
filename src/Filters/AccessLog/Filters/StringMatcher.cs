using System.Text.RegularExpressions;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary>
/// envoy.type.matcher.v3.StringMatcher: exact/prefix/suffix/contains, ASCII case-insensitive with
/// <c>ignore_case</c>, or <c>safe_regex</c> matching the whole value (RE2 semantics: linear-time engine).
/// </summary>
public sealed class StringMatcher
{
    private readonly Regex? _regex;

    public StringMatcher(StringMatchKind kind, string value, bool ignoreCase, Regex? regex = null)
    {
        Kind = kind;
        Value = value;
        IgnoreCase = ignoreCase;
        _regex = regex;
    }

    public StringMatchKind Kind { get; }

    public string Value { get; }

    public bool IgnoreCase { get; }

    public bool Matches(string input)
    {
        var comparison = IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return Kind switch
        {
            StringMatchKind.Exact => string.Equals(input, Value, comparison),
            StringMatchKind.Prefix => input.StartsWith(Value, comparison),
            StringMatchKind.Suffix => input.EndsWith(Value, comparison),
            StringMatchKind.Contains => input.Contains(Value, comparison),
            _ => _regex!.IsMatch(input),
        };
    }
}
