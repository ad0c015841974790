namespace Proxy.Routing.Matching;

/// <summary>How a <see cref="HeaderMatcher"/> looks at the value.</summary>
public enum HeaderMatchKind
{
    /// <summary><c>present_match</c>, also the default when no specifier is set.</summary>
    Present,

    /// <summary><c>range_match</c>: a base-10 integer in [start, end).</summary>
    Range,

    /// <summary><c>string_match</c> and the deprecated exact/prefix/suffix/contains/safe_regex matches.</summary>
    String,
}
