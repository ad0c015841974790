namespace Proxy.Upstream.Http1;

/// <summary>
/// A request for <see cref="Http1Client"/>: it renders its request line and header section on demand (once per
/// attempt, into a buffer from <see cref="System.Buffers.ArrayPool{T}.Shared"/> that the client returns right after
/// sending it, on the same thread in the usual case, so the pool's per-thread cache serves the next request), and
/// carries its body if it has one.
/// </summary>
internal abstract class Http1Request
{
    /// <summary>The body, streamed after the head; null when the request has none.</summary>
    public HttpContent? Body { get; init; }

    /// <summary>True when the body is sent chunked (its length is unknown).</summary>
    public bool Chunked { get; init; }

    /// <summary>True for HEAD: the response has no body whatever its headers say.</summary>
    public bool IsHead { get; init; }

    /// <summary>The request line and header section in a rented buffer; the client returns it.</summary>
    public abstract byte[] RenderHead(out int length);
}
