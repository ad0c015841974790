using System.Collections.Immutable;

namespace Proxy.Upstream.Config;

/// <summary>
/// Upstream HTTP settings from <c>typed_extension_protocol_options["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]</c>
/// or, when that is absent, the legacy cluster fields (<c>http_protocol_options</c>, <c>http2_protocol_options</c>,
/// <c>common_http_protocol_options</c>, <c>upstream_http_protocol_options</c>, <c>protocol_selection</c>).
/// </summary>
public sealed record HttpProtocolConfig
{
    public static readonly HttpProtocolConfig Default = new();

    public UpstreamProtocolSelection Selection { get; init; }

    public Http1Settings Http1 { get; init; } = Http1Settings.Default;

    public Http2Settings Http2 { get; init; } = Http2Settings.Default;

    /// <summary><c>idle_timeout</c> of pooled connections; default 1h; null when configured as 0 (no timeout); never zero or negative.</summary>
    public TimeSpan? IdleTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary><c>max_connection_duration</c>; null: no limit (also when configured as 0); never zero or negative.</summary>
    public TimeSpan? MaxConnectionDuration { get; init; }

    /// <summary><c>max_headers_count</c> of upstream responses; default 100.</summary>
    public uint MaxHeadersCount { get; init; } = 100;

    /// <summary><c>max_stream_duration</c>; null: no limit.</summary>
    public TimeSpan? MaxStreamDuration { get; init; }

    public HeadersWithUnderscoresAction HeadersWithUnderscoresAction { get; init; }

    /// <summary><c>max_requests_per_connection</c> (typed or the legacy cluster field); null: no limit.</summary>
    public uint? MaxRequestsPerConnection { get; init; }

    /// <summary><c>upstream_http_protocol_options.auto_sni</c>: SNI from the request's Host.</summary>
    public bool AutoSni { get; init; }

    public bool AutoSanValidation { get; init; }

    public string OverrideAutoSniHeader { get; init; } = string.Empty;

    /// <summary>Names of <c>http_filters</c> (upstream HTTP filters); recorded, not run yet.</summary>
    public ImmutableArray<string> UpstreamHttpFilters { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>
    /// The version to use for a connection: <see cref="UpstreamProtocolSelection.Auto"/> stays Auto (ALPN decides)
    /// only when the transport is TLS; over plaintext it is HTTP/1.1, since there is no ALPN to ask.
    /// </summary>
    public UpstreamProtocolSelection EffectiveSelection(bool tls) =>
        Selection == UpstreamProtocolSelection.Auto && !tls ? UpstreamProtocolSelection.Http1 : Selection;
}
