namespace Proxy.Http.Codec.Http2.Hpack;

/// <summary>
/// A header block that <see cref="HpackDecoder"/> refuses. Unless <see cref="IsHeaderListTooLarge"/> is set the block
/// is malformed and the decoding context is lost with it: the HTTP/2 layer answers with a connection error of type
/// COMPRESSION_ERROR (RFC 9113 §4.3). When it is set the block was well formed and decoded to its end, so the
/// dynamic table stays in step with the peer's encoder; only the request is refused (431, RFC 9113 §6.5.2).
/// </summary>
internal sealed class HpackException : Exception
{
    public HpackException(string message, bool isHeaderListTooLarge = false)
        : base(message)
    {
        IsHeaderListTooLarge = isHeaderListTooLarge;
    }

    /// <summary>The decoded list is over the decoder's maxHeaderListSize; the block itself was valid.</summary>
    public bool IsHeaderListTooLarge { get; }
}
