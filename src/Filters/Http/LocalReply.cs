using Proxy.Filters.StreamInfo;

namespace Proxy.Filters.Http;

/// <summary>
/// A response the proxy generates itself (Envoy's local reply): status, body (text/plain), the response
/// flag it implies and the response code details (<c>%RESPONSE_CODE_DETAILS%</c>).
/// </summary>
public sealed record LocalReply(int StatusCode, string Body, ResponseFlags Flags, string Details)
{
    /// <summary>Extra response headers, e.g. a redirect's Location.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
