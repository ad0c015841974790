using System.Net;

namespace Proxy.Listeners;

/// <summary>What the listener layer knows of a downstream connection when it picks the filter chain.</summary>
internal sealed class ConnectionInfo
{
    /// <summary>The destination: the socket's local address, or the original destination (SO_ORIGINAL_DST).</summary>
    public IPEndPoint? LocalEndPoint { get; set; }

    /// <summary>
    /// True once the original_dst listener filter replaced <see cref="LocalEndPoint"/> with the destination
    /// the connection had before it was redirected (Envoy's <c>localAddressRestored()</c>): only then do
    /// use_original_dst hand-off and ORIGINAL_DST clusters act on it.
    /// </summary>
    public bool LocalAddressRestored { get; set; }

    /// <summary>What SO_ORIGINAL_DST answered at accept, for the original_dst filter to apply in its turn; null when nothing.</summary>
    public IPEndPoint? SocketOriginalDestination { get; set; }

    /// <summary>The peer (after PROXY protocol, when that is added).</summary>
    public IPEndPoint? RemoteEndPoint { get; set; }

    /// <summary>The TCP peer itself.</summary>
    public IPEndPoint? DirectRemoteEndPoint { get; set; }

    /// <summary>SNI from the TLS ClientHello, lower case; null when none.</summary>
    public string? ServerName { get; set; }

    /// <summary>"raw_buffer" unless tls_inspector saw a ClientHello ("tls").</summary>
    public string TransportProtocol { get; set; } = "raw_buffer";

    /// <summary>ALPN from the ClientHello, or "http/1.1"/"h2c" from http_inspector.</summary>
    public string[] ApplicationProtocols { get; set; } = [];

    /// <summary>Set by the codec sniffer (HCM codec AUTO) once the first bytes were seen.</summary>
    public bool? StartsWithHttp2Preface { get; set; }
}
