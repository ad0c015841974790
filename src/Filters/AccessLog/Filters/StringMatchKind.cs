namespace Proxy.Filters.AccessLog.Filters;

/// <summary>The match_pattern of an envoy.type.matcher.v3.StringMatcher.</summary>
public enum StringMatchKind
{
    Exact,
    Prefix,
    Suffix,
    Contains,

    /// <summary>safe_regex: the whole value must match.</summary>
    Regex,
}
