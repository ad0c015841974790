namespace Proxy.Upstream.Config;

/// <summary><c>Http2ProtocolOptions</c> with Envoy's defaults (256 MiB windows, 2^31-1 streams).</summary>
public sealed record Http2Settings
{
    public const uint DefaultMaxConcurrentStreams = 2147483647;
    public const uint DefaultWindowSize = 268435456;

    public static readonly Http2Settings Default = new();

    public uint MaxConcurrentStreams { get; init; } = DefaultMaxConcurrentStreams;

    public uint InitialStreamWindowSize { get; init; } = DefaultWindowSize;

    public uint InitialConnectionWindowSize { get; init; } = DefaultWindowSize;

    public uint HpackTableSize { get; init; } = 4096;

    public bool AllowConnect { get; init; }

    public bool AllowMetadata { get; init; }

    public uint MaxOutboundFrames { get; init; } = 10000;

    public uint MaxOutboundControlFrames { get; init; } = 1000;

    /// <summary><c>connection_keepalive.interval</c>: PING every interval; null disables.</summary>
    public TimeSpan? KeepaliveInterval { get; init; }

    /// <summary><c>connection_keepalive.timeout</c>: close the connection when a PING is not answered in time.</summary>
    public TimeSpan? KeepaliveTimeout { get; init; }

    /// <summary><c>connection_keepalive.connection_idle_interval</c>: PING before reusing a connection idle this long.</summary>
    public TimeSpan? KeepaliveConnectionIdleInterval { get; init; }
}
