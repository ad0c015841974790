using System.Net;

namespace Proxy.Listeners.Config;

/// <summary>A validated Envoy listener (envoy.config.listener.v3.Listener), immutable once built.</summary>
internal sealed record ListenerConfig
{
    public required string Name { get; init; }

    /// <summary>An <see cref="IPEndPoint"/> or a <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/>.</summary>
    public required EndPoint Address { get; init; }

    /// <summary>Envoy's stat prefix for this listener: stat_prefix, else the address ("0.0.0.0_15001").</summary>
    public required string StatPrefix { get; init; }

    /// <summary>bind_to_port (default true); false for listeners reached only by use_original_dst hand-off.</summary>
    public bool BindToPort { get; init; } = true;

    /// <summary>enable_reuse_port (Envoy default true on Linux): SO_REUSEPORT on the listening socket.</summary>
    public bool ReusePort { get; init; } = true;

    /// <summary>additional_addresses: more sockets of the same listener (Istio binds [::] beside 0.0.0.0 in dual stack).</summary>
    public IReadOnlyList<EndPoint> AdditionalAddresses { get; init; } = [];

    /// <summary>socket_address.ipv4_compat: an IPv6 "::" listener also accepts IPv4.</summary>
    public bool Ipv4Compat { get; init; }

    /// <summary>traffic_direction: "INBOUND", "OUTBOUND" or "UNSPECIFIED" (/drain_listeners?inboundonly).</summary>
    public string TrafficDirection { get; init; } = "UNSPECIFIED";

    /// <summary>
    /// use_original_dst: a connection whose original destination was restored is handed to the listener bound
    /// (or not bound: bind_to_port false) to that address; without one it stays on this listener.
    /// </summary>
    public bool UseOriginalDst { get; init; }

    /// <summary>True when listener_filters holds original_dst, so accept reads SO_ORIGINAL_DST.</summary>
    public bool ReadsOriginalDst { get; init; }

    public bool Transparent { get; init; }

    public IReadOnlyList<ListenerFilterConfig> ListenerFilters { get; init; } = [];

    /// <summary>listener_filters_timeout (Envoy default 15 s); 0 disables it.</summary>
    public TimeSpan ListenerFiltersTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public bool ContinueOnListenerFiltersTimeout { get; init; }

    public IReadOnlyList<FilterChainConfig> FilterChains { get; init; } = [];

    public FilterChainConfig? DefaultFilterChain { get; init; }

    /// <summary>per_connection_buffer_limit_bytes (Envoy default 1 MiB).</summary>
    public int PerConnectionBufferLimitBytes { get; init; } = 1024 * 1024;

    /// <summary>tcp_backlog_size (Envoy default 128 on Linux... uses SOMAXCONN); we use this value for listen().</summary>
    public int Backlog { get; init; } = 512;

    /// <summary>Listener-level access log entries that were accepted (they run when access logs land).</summary>
    public int AccessLogCount { get; init; }
}
