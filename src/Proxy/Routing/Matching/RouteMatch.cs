using System.Text.RegularExpressions;

namespace Proxy.Routing.Matching;

/// <summary>
/// A route's RouteMatch, checked in Envoy's order (<c>RouteEntryImplBase::matchRoute</c>, then the path):
/// CONNECT-ness, <c>runtime_fraction</c>, <c>grpc</c>, <c>headers</c>, <c>query_parameters</c>,
/// <c>tls_context</c>, <c>dynamic_metadata</c>, and finally the path specifier. Allocation-free unless a header
/// matcher meets a header with several values (they are joined with ",").
/// </summary>
public sealed class RouteMatch
{
    public required PathMatchKind Kind { get; init; }

    /// <summary>The prefix, exact path or path-separated prefix; the regex source for <see cref="PathMatchKind.SafeRegex"/>; empty for CONNECT.</summary>
    public required string Value { get; init; }

    /// <summary>Full-match regex for <see cref="PathMatchKind.SafeRegex"/>.</summary>
    public Regex? Regex { get; init; }

    /// <summary><c>case_sensitive</c> (default true); ignored by <c>safe_regex</c>.</summary>
    public bool CaseSensitive { get; init; } = true;

    /// <summary>RouteConfiguration.ignore_path_parameters_in_path_matching: the path is cut at its first ';'.</summary>
    public bool IgnorePathParameters { get; init; }

    public HeaderMatcher[] Headers { get; init; } = [];

    public QueryParameterMatcher[] QueryParameters { get; init; } = [];

    /// <summary><c>grpc</c>: only requests whose content-type is <c>application/grpc</c> or <c>application/grpc+...</c>.</summary>
    public bool Grpc { get; init; }

    public RuntimeFraction? RuntimeFraction { get; init; }

    public TlsContextMatch? TlsContext { get; init; }

    /// <summary>
    /// The route has <c>dynamic_metadata</c> matchers. No filter produces dynamic metadata yet, so such a
    /// route never matches (an empty metadata store fails every MetadataMatcher in Envoy too, unless inverted).
    /// </summary>
    public bool HasDynamicMetadataMatchers { get; init; }

    /// <summary>Only <c>connect_matcher</c> routes are considered for requests without a path (Envoy's <c>supportsPathlessHeaders</c>).</summary>
    public bool SupportsPathlessRequests => Kind == PathMatchKind.Connect;

    public bool Matches(in RequestView request, ulong randomValue)
    {
        if (Kind == PathMatchKind.Connect && !request.IsConnect)
        {
            return false;
        }

        if (RuntimeFraction is { } fraction && !fraction.Evaluate(randomValue))
        {
            return false;
        }

        if (Grpc && !IsGrpc(request))
        {
            return false;
        }

        if (Headers.Length > 0 && !HeaderMatcher.MatchAll(Headers, request))
        {
            return false;
        }

        if (QueryParameters.Length > 0)
        {
            ReadOnlySpan<char> path = request.Path;
            for (int i = 0; i < QueryParameters.Length; i++)
            {
                if (!QueryParameters[i].Matches(path))
                {
                    return false;
                }
            }
        }

        if (TlsContext is { } tls && !tls.Matches(request))
        {
            return false;
        }

        if (HasDynamicMetadataMatchers)
        {
            return false;
        }

        return MatchesPath(request);
    }

    /// <summary>
    /// The length of the path portion that <c>prefix_rewrite</c> replaces (Envoy's <c>matched_path</c>): the
    /// configured prefix or path, or the whole path without its query for regex and CONNECT routes.
    /// </summary>
    public int MatchedLength(ReadOnlySpan<char> pathWithoutQuery) => Kind switch
    {
        PathMatchKind.Prefix or PathMatchKind.Exact or PathMatchKind.PathSeparatedPrefix => Math.Min(Value.Length, pathWithoutQuery.Length),
        _ => pathWithoutQuery.Length,
    };

    private bool MatchesPath(in RequestView request)
    {
        if (Kind == PathMatchKind.Connect)
        {
            return true;
        }

        ReadOnlySpan<char> path = request.PathWithoutQuery;
        if (IgnorePathParameters)
        {
            int semicolon = path.IndexOf(';');
            if (semicolon >= 0)
            {
                path = path.Slice(0, semicolon);
            }
        }

        StringComparison comparison = CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        switch (Kind)
        {
            case PathMatchKind.Prefix:
                return path.StartsWith(Value, comparison);
            case PathMatchKind.Exact:
                return path.Equals(Value, comparison);
            case PathMatchKind.PathSeparatedPrefix:
                return path.StartsWith(Value, comparison) && (path.Length == Value.Length || path[Value.Length] == '/');
            default:
                return Regex!.IsMatch(path);
        }
    }

    /// <summary>Envoy's <c>Grpc::Common::isGrpcRequestHeaders</c>: a path, and content-type exactly application/grpc or application/grpc+*.</summary>
    private static bool IsGrpc(in RequestView request)
    {
        if (request.Path is null)
        {
            return false;
        }

        string? contentType = request.Headers.ContentType.Count > 0 ? request.Headers.ContentType[0] : null;
        const string Grpc = "application/grpc";
        return contentType is not null
            && contentType.StartsWith(Grpc, StringComparison.Ordinal)
            && (contentType.Length == Grpc.Length || contentType[Grpc.Length] == '+');
    }
}
