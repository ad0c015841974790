namespace Proxy.Http.Codec.Http2.Hpack;

/// <summary>
/// Receives the fields <see cref="HpackDecoder"/> decodes from a header block, in order. The spans are valid only
/// during the call: they point into the block, into the decoder's string buffers or into its dynamic table, which
/// the next field overwrites. Names and values are octets as sent; whether they are valid HTTP/2 fields (lowercase
/// names, no CR/LF/NUL, pseudo-headers first) is for the HTTP/2 layer to check (RFC 9113 §8.2).
/// </summary>
internal interface IHpackHeaderSink
{
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}
