using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Proxy.Filters.Formatting;

/// <summary>
/// Where the header maps of one exchange live. The HTTP connection manager may record them in
/// <see cref="StreamInfo.StreamInfo"/> (what was actually sent); otherwise Kestrel's request/response are read.
/// Shared by the formatter and the access log filters so both see the same values.
/// </summary>
internal static class ExchangeHeaders
{
    public static IHeaderDictionary? Request(StreamInfo.StreamInfo info, HttpContext? http) =>
        http is not null ? http.Request.Headers : info.RequestHeaders;

    public static IHeaderDictionary? Response(StreamInfo.StreamInfo info, HttpContext? http) =>
        info.ResponseHeaders ?? http?.Response.Headers;

    public static IHeaderDictionary? Trailers(StreamInfo.StreamInfo info, HttpContext? http) =>
        info.ResponseTrailers ?? http?.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;

    public static IHeaderDictionary? Get(HeaderSource source, StreamInfo.StreamInfo info, HttpContext? http) => source switch
    {
        HeaderSource.Request => Request(info, http),
        HeaderSource.Response => Response(info, http),
        _ => Trailers(info, http),
    };

    /// <summary>The first value of a header (Envoy logs the first of repeated headers), or false when absent.</summary>
    public static bool TryGetFirst(IHeaderDictionary? headers, string name, out string value)
    {
        if (headers is not null && headers.TryGetValue(name, out var values) && values.Count > 0)
        {
            value = values[0] ?? string.Empty;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>All values joined with "," (Envoy's getAllOfHeaderAsString, used by header matchers).</summary>
    public static bool TryGetAll(IHeaderDictionary? headers, string name, out string value)
    {
        if (headers is not null && headers.TryGetValue(name, out var values) && values.Count > 0)
        {
            value = values.Count == 1 ? values[0] ?? string.Empty : values.ToString();
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>Classifies a lower-cased header name: a known pseudo-header, an unknown one, or a plain name.</summary>
    public static PseudoHeader Classify(string lowerName)
    {
        if (lowerName.Length == 0 || lowerName[0] != ':')
        {
            return PseudoHeader.None;
        }

        return lowerName switch
        {
            ":method" => PseudoHeader.Method,
            ":path" => PseudoHeader.Path,
            ":authority" => PseudoHeader.Authority,
            ":scheme" => PseudoHeader.Scheme,
            ":protocol" => PseudoHeader.Protocol,
            ":status" => PseudoHeader.Status,
            _ => PseudoHeader.Unknown,
        };
    }

    /// <summary>
    /// The string value of a request pseudo-header, for matchers. <c>:path</c> is PathBase + Path + QueryString
    /// (a new string only when the request has a query or a path base).
    /// </summary>
    public static string? RequestPseudo(PseudoHeader pseudo, HttpContext? http)
    {
        if (http is null)
        {
            return null;
        }

        var request = http.Request;
        switch (pseudo)
        {
            case PseudoHeader.Method:
                return request.Method;
            case PseudoHeader.Path:
                var path = request.Path.Value ?? string.Empty;
                if (!request.PathBase.HasValue && !request.QueryString.HasValue)
                {
                    return path;
                }

                return string.Concat(request.PathBase.Value, path, request.QueryString.Value);
            case PseudoHeader.Authority:
                return request.Host.HasValue ? request.Host.Value : null;
            case PseudoHeader.Scheme:
                return request.Scheme;
            case PseudoHeader.Protocol:
                return ExtendedConnectProtocol(http);
            default:
                return null;
        }
    }

    /// <summary>
    /// RFC 8441's <c>:protocol</c> (e.g. "websocket" on an HTTP/2 extended CONNECT); null on other requests,
    /// as in Envoy, where <c>:protocol</c> is this pseudo-header and not the HTTP version.
    /// </summary>
    public static string? ExtendedConnectProtocol(HttpContext http)
    {
        var feature = http.Features.Get<IHttpExtendedConnectFeature>();
        return feature is { IsExtendedConnect: true } ? feature.Protocol : null;
    }

    /// <summary>Whether the request carries gRPC's content type ("application/grpc", "+proto", ";...").</summary>
    public static bool IsGrpcRequest(StreamInfo.StreamInfo info, HttpContext? http)
    {
        if (!TryGetFirst(Request(info, http), "content-type", out var contentType))
        {
            return false;
        }

        const string Grpc = "application/grpc";
        return contentType.StartsWith(Grpc, StringComparison.Ordinal)
            && (contentType.Length == Grpc.Length || contentType[Grpc.Length] == '+' || contentType[Grpc.Length] == ';');
    }
}
