namespace Proxy.Listeners.Config;

/// <summary>The listener filters the listener layer runs before filter-chain match.</summary>
internal enum ListenerFilterKind
{
    /// <summary>envoy.filters.listener.http_inspector: HTTP/1.x vs h2c from the first bytes → application protocol.</summary>
    HttpInspector,

    /// <summary>envoy.filters.listener.tls_inspector: a TLS ClientHello → transport "tls", SNI, ALPN.</summary>
    TlsInspector,

    /// <summary>envoy.filters.listener.original_dst: SO_ORIGINAL_DST becomes the local address.</summary>
    OriginalDst,
}
