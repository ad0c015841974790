using Microsoft.AspNetCore.Http;
using Proxy.Upstream.Http1;

namespace Proxy.Router.Forwarding;

/// <summary>A response from our HTTP/1.1 client.</summary>
internal sealed class CodecResponse(Http1Response response) : UpstreamResponse
{
    public override int StatusCode => response.StatusCode;

    public override void CopyHeaders(IHeaderDictionary target, bool keepUpgrade) =>
        ResponseHeaderCopier.CopyFields(response.Head.Headers, target);

    public override ValueTask<Stream> GetBodyAsync(CancellationToken cancellationToken) => ValueTask.FromResult<Stream>(response.Body);

    public override bool HasTrailers => response.Body.Trailers is not null;

    public override void CopyTrailers(IHeaderDictionary target)
    {
        foreach (var (name, value) in response.Body.Trailers ?? [])
        {
            target.Append(name, value);
        }
    }

    public override void Dispose() => response.Dispose();
}
