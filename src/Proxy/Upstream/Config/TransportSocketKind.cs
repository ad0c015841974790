namespace Proxy.Upstream.Config;

/// <summary>The upstream transport sockets we know.</summary>
public enum TransportSocketKind
{
    /// <summary>Plaintext (<c>envoy.transport_sockets.raw_buffer</c>), also the default.</summary>
    RawBuffer,

    /// <summary><c>envoy.transport_sockets.tls</c> with an UpstreamTlsContext.</summary>
    Tls,

    /// <summary><c>envoy.transport_sockets.internal_upstream</c>: wraps another socket, passes metadata to an internal listener.</summary>
    InternalUpstream,
}
