using Microsoft.AspNetCore.Http;

namespace Proxy.Router.Forwarding;

/// <summary>
/// An upstream response as the router relays it, whichever client brought it: our HTTP/1.1 codec
/// (<see cref="CodecResponse"/>) or SocketsHttpHandler (<see cref="ClientResponse"/>, HTTP/2 and upgrades).
/// Disposing it ends the exchange and frees the connection or stream.
/// </summary>
internal abstract class UpstreamResponse : IDisposable
{
    public abstract int StatusCode { get; }

    /// <summary>Copies the header fields downstream, minus hop-by-hop ones (Upgrade/Connection kept for a 101).</summary>
    public abstract void CopyHeaders(IHeaderDictionary target, bool keepUpgrade);

    public abstract ValueTask<Stream> GetBodyAsync(CancellationToken cancellationToken);

    /// <summary>True when trailers came after the body (known once the body was read to its end).</summary>
    public abstract bool HasTrailers { get; }

    public abstract void CopyTrailers(IHeaderDictionary target);

    public abstract void Dispose();
}
