using System.Net;

namespace Proxy.Upstream.Connections;

/// <summary>How a cluster connects to its hosts; built once per cluster.</summary>
internal sealed record ConnectSettings
{
    /// <summary>connect_timeout (Envoy default 5 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>upstream_bind_config.source_address.</summary>
    public IPEndPoint? SourceAddress { get; init; }

    /// <summary>upstream_connection_options.tcp_keepalive (seconds); null leaves keepalive off.</summary>
    public int? KeepAliveTime { get; init; }

    public int? KeepAliveInterval { get; init; }

    public int? KeepAliveProbes { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
