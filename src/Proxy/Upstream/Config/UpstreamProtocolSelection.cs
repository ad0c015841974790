namespace Proxy.Upstream.Config;

/// <summary>Which HTTP version the cluster speaks upstream.</summary>
public enum UpstreamProtocolSelection
{
    /// <summary>HTTP/1.1 (<c>explicit_http_config.http_protocol_options</c>, or nothing configured).</summary>
    Http1,

    /// <summary>HTTP/2 (<c>explicit_http_config.http2_protocol_options</c> or legacy <c>http2_protocol_options</c>).</summary>
    Http2,

    /// <summary>The downstream request's version (<c>use_downstream_protocol_config</c> / <c>USE_DOWNSTREAM_PROTOCOL</c>); HTTP/1.0 goes out as 1.1.</summary>
    UseDownstream,

    /// <summary>
    /// <c>auto_config</c>: ALPN chooses h2 or http/1.1 over TLS. Over plaintext there is no ALPN; Envoy then
    /// rejects the cluster ("ALPN configured for cluster ... which has a non-ALPN transport socket"); we accept it
    /// and speak HTTP/1.1 (see <see cref="HttpProtocolConfig.EffectiveSelection"/>).
    /// </summary>
    Auto,
}
