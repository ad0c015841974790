namespace Proxy.Routing.Matching;

/// <summary>RouteMatch.path_specifier.</summary>
public enum PathMatchKind
{
    Prefix,

    /// <summary><c>path</c>: the whole path without the query.</summary>
    Exact,

    /// <summary><c>safe_regex</c>: a full match against the path without the query.</summary>
    SafeRegex,

    /// <summary><c>path_separated_prefix</c>: the prefix followed by '/' or the end of the path.</summary>
    PathSeparatedPrefix,

    /// <summary><c>connect_matcher</c>: CONNECT requests only; the only kind that matches path-less requests.</summary>
    Connect,
}
