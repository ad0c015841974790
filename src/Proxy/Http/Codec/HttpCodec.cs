namespace Proxy.Http.Codec;

/// <summary>Which codec serves a downstream connection: Kestrel's HTTP/1.1 or the own HTTP/2 server.</summary>
internal enum HttpCodec
{
    /// <summary>HTTP/1.0 and HTTP/1.1 (including Upgrade for WebSocket).</summary>
    Http1,

    /// <summary>HTTP/2 with prior knowledge (h2c, or h2 after our TLS and ALPN).</summary>
    Http2,
}
