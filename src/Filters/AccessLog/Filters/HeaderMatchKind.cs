namespace Proxy.Filters.AccessLog.Filters;

/// <summary>The header_match_specifier of a route.v3.HeaderMatcher.</summary>
public enum HeaderMatchKind
{
    /// <summary>present_match, and the default when no specifier is set (the header must be present).</summary>
    Present,

    /// <summary>exact_match (deprecated): an empty value matches any value.</summary>
    Exact,

    /// <summary>safe_regex_match (deprecated).</summary>
    Regex,

    /// <summary>range_match: a base-10 integer in [start, end).</summary>
    Range,

    /// <summary>prefix_match (deprecated).</summary>
    Prefix,

    /// <summary>suffix_match (deprecated).</summary>
    Suffix,

    /// <summary>contains_match (deprecated).</summary>
    Contains,

    /// <summary>string_match.</summary>
    String,
}
