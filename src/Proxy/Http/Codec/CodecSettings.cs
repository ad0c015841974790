namespace Proxy.Http.Codec;

/// <summary>
/// The codec limits an HTTP connection manager asks for (Kestrel's for HTTP/1.1, the own server's for HTTP/2).
/// Kestrel's limits are per server, so each
/// distinct value of this record gets its own <see cref="CodecServer"/> (usually one or two per proxy).
/// Defaults are Envoy's where Kestrel lets us express them.
/// </summary>
internal sealed record CodecSettings
{
    /// <summary>max_request_headers_kb (Envoy default 60 KiB); above it the request gets 431.</summary>
    public int MaxRequestHeadersTotalSize { get; init; } = 60 * 1024;

    /// <summary>common_http_protocol_options.max_headers_count (Envoy default 100).</summary>
    public int MaxRequestHeaderCount { get; init; } = 100;

    /// <summary>common_http_protocol_options.idle_timeout (Envoy default 1 h): a connection with no stream is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a request's headers may take: request_headers_timeout when set, else stream_idle_timeout
    /// (Envoy's stream idle timer already runs while HTTP/1 headers arrive), else 5 minutes. Kestrel answers 408.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>per_connection_buffer_limit_bytes of the listener (Envoy default 1 MiB).</summary>
    public long BufferLimit { get; init; } = 1024 * 1024;

    /// <summary>http2_protocol_options.max_concurrent_streams (Envoy default 2^31-1).</summary>
    public int Http2MaxConcurrentStreams { get; init; } = int.MaxValue;

    /// <summary>http2_protocol_options.initial_stream_window_size; null keeps Kestrel's default (768 KiB).</summary>
    public int? Http2InitialStreamWindowSize { get; init; }

    /// <summary>http2_protocol_options.initial_connection_window_size; null keeps Kestrel's default (1 MiB).</summary>
    public int? Http2InitialConnectionWindowSize { get; init; }

    /// <summary>http2_protocol_options.connection_keepalive.interval; null = no pings.</summary>
    public TimeSpan? Http2KeepAliveInterval { get; init; }

    public TimeSpan? Http2KeepAliveTimeout { get; init; }
}
