using System.Net;

namespace Proxy.Http.Codec;

/// <summary>
/// A Kestrel endpoint that no socket is bound to: our listener layer accepts connections, picks the
/// filter chain and enqueues the connection here (DESIGN.md, "How the hand-off is done").
/// </summary>
internal sealed class HandoffEndPoint(HttpCodec codec) : EndPoint
{
    public HttpCodec Codec { get; } = codec;

    public override string ToString() => "handoff:" + Codec;
}
