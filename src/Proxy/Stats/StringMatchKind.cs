namespace Proxy.Stats;

/// <summary>The <c>match_pattern</c> of an <c>envoy.type.matcher.v3.StringMatcher</c>.</summary>
public enum StringMatchKind
{
    Exact,
    Prefix,
    Suffix,
    Contains,
    SafeRegex,
}
