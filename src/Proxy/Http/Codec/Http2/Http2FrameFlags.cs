namespace Proxy.Http.Codec.Http2;

/// <summary>Frame flags of RFC 9113 §6; the same bit means different things on different frame types.</summary>
[Flags]
internal enum Http2FrameFlags : byte
{
    None = 0x0,

    /// <summary>DATA, HEADERS: the sender's last frame on the stream.</summary>
    EndStream = 0x1,

    /// <summary>SETTINGS, PING: an acknowledgement.</summary>
    Ack = 0x1,

    /// <summary>HEADERS, CONTINUATION: the header block ends in this frame.</summary>
    EndHeaders = 0x4,

    /// <summary>DATA, HEADERS: a pad length octet and padding surround the payload.</summary>
    Padded = 0x8,

    /// <summary>HEADERS: five octets of (deprecated) priority precede the header block.</summary>
    Priority = 0x20,
}
