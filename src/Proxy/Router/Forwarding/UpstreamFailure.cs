namespace Proxy.Router.Forwarding;

/// <summary>Why an upstream exchange failed; the router turns it into Envoy's status, body and response flag.</summary>
internal enum UpstreamFailure
{
    None,

    /// <summary>TCP connect refused, unreachable or timed out (UF).</summary>
    ConnectionFailure,

    /// <summary>The route timeout fired (UT → 504).</summary>
    Timeout,

    /// <summary>The downstream client went away (DC).</summary>
    DownstreamDisconnect,

    /// <summary>The upstream closed the connection before or during the response (UC).</summary>
    ConnectionTermination,

    /// <summary>The upstream reset the stream (HTTP/2 RST_STREAM) (UR).</summary>
    RemoteReset,

    /// <summary>The upstream's response could not be parsed (UPE).</summary>
    ProtocolError,
}
