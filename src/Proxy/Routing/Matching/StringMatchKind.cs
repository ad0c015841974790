namespace Proxy.Routing.Matching;

/// <summary>The match pattern of Envoy's <c>type.matcher.v3.StringMatcher</c>.</summary>
public enum StringMatchKind
{
    Exact,
    Prefix,
    Suffix,
    Contains,

    /// <summary><c>safe_regex</c>: the whole value must match (RE2 <c>FullMatch</c>).</summary>
    Regex,
}
