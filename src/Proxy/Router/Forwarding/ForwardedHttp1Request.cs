using Microsoft.AspNetCore.Http;
using Proxy.Upstream.Http1;

namespace Proxy.Router.Forwarding;

/// <summary>A downstream request on its way to an HTTP/1.1 upstream: its head is written from the downstream headers (<see cref="Http1RequestWriter"/>).</summary>
internal sealed class ForwardedHttp1Request : Http1Request
{
    public required string Method { get; init; }

    /// <summary>The request target: the (possibly rewritten) path and query, or an absolute URL.</summary>
    public required string Target { get; init; }

    public required string Authority { get; init; }

    public required IHeaderDictionary Headers { get; init; }

    /// <summary>The body's length; null when it is chunked or there is none.</summary>
    public long? ContentLength { get; init; }

    public override byte[] RenderHead(out int length) =>
        Http1RequestWriter.Write(Method, Target, Authority, Headers, Body is not null, ContentLength, out length);
}
