namespace Proxy.Upstream.Http1;

/// <summary>
/// A request ready for the wire: its request line and header section already written out (<see cref="Head"/>,
/// which the client may send twice when a reused connection turns out stale), and its body if it has one.
/// </summary>
internal sealed class Http1Request
{
    public required ReadOnlyMemory<byte> Head { get; init; }

    /// <summary>The body, streamed after the head; null when the request has none.</summary>
    public HttpContent? Body { get; init; }

    /// <summary>True when the body is sent chunked (its length is unknown).</summary>
    public bool Chunked { get; init; }

    /// <summary>True for HEAD: the response has no body whatever its headers say.</summary>
    public bool IsHead { get; init; }
}
