using Microsoft.AspNetCore.Http;

namespace Proxy.Router.Forwarding;

/// <summary>A response from SocketsHttpHandler (HTTP/2 upstreams and upgrades).</summary>
internal sealed class ClientResponse(HttpResponseMessage message) : UpstreamResponse
{
    public HttpResponseMessage Message => message;

    public override int StatusCode => (int)message.StatusCode;

    public override void CopyHeaders(IHeaderDictionary target, bool keepUpgrade) =>
        ResponseHeaderCopier.CopyHeaders(message, target, keepUpgrade);

    public override async ValueTask<Stream> GetBodyAsync(CancellationToken cancellationToken) =>
        await message.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);

    public override bool HasTrailers => message.TrailingHeaders.NonValidated.Count > 0;

    public override void CopyTrailers(IHeaderDictionary target) => ResponseHeaderCopier.CopyTrailers(message.TrailingHeaders, target);

    public override void Dispose() => message.Dispose();
}
