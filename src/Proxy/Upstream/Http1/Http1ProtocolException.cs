using System.Net.Http;

namespace Proxy.Upstream.Http1;

/// <summary>
/// The upstream broke HTTP/1.1 framing. Thrown as SocketsHttpHandler would (an <see cref="HttpRequestException"/>
/// with <see cref="HttpRequestError.InvalidResponse"/>), so the router's failure classifier answers it as Envoy
/// does: 503 with response flag UPE before the response started, a reset after.
/// </summary>
internal static class Http1ProtocolException
{
    public static HttpRequestException Invalid(string message) =>
        new(HttpRequestError.InvalidResponse, "invalid upstream HTTP/1.1 response: " + message);

    /// <summary>The upstream closed the connection before the response (or its body) was complete.</summary>
    public static HttpRequestException Ended() =>
        new(HttpRequestError.ResponseEnded, "the upstream closed the connection before the response was complete");
}
