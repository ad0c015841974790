using System.Collections.Immutable;
using Google.Protobuf.WellKnownTypes;

namespace Proxy.Upstream.Config;

/// <summary>
/// One translated <c>health_checks[]</c> entry with Envoy's defaults (no_traffic_interval 60s, the edge and
/// unhealthy intervals falling back to <see cref="Interval"/>); recorded here, run by the health checker.
/// </summary>
public sealed record HealthCheckConfig
{
    public required TimeSpan Timeout { get; init; }

    public required TimeSpan Interval { get; init; }

    public TimeSpan InitialJitter { get; init; }

    public TimeSpan IntervalJitter { get; init; }

    public uint IntervalJitterPercent { get; init; }

    public required uint UnhealthyThreshold { get; init; }

    public required uint HealthyThreshold { get; init; }

    public uint? AltPort { get; init; }

    /// <summary><c>reuse_connection</c>; default true.</summary>
    public bool ReuseConnection { get; init; } = true;

    public TimeSpan NoTrafficInterval { get; init; } = TimeSpan.FromSeconds(60);

    public required TimeSpan NoTrafficHealthyInterval { get; init; }

    public required TimeSpan UnhealthyInterval { get; init; }

    public required TimeSpan UnhealthyEdgeInterval { get; init; }

    public required TimeSpan HealthyEdgeInterval { get; init; }

    public required HealthCheckKind Kind { get; init; }

    public HttpHealthCheckSettings? Http { get; init; }

    public TcpHealthCheckSettings? Tcp { get; init; }

    public GrpcHealthCheckSettings? Grpc { get; init; }

    /// <summary>For <see cref="HealthCheckKind.Custom"/>: the extension name.</summary>
    public string? CustomName { get; init; }

    public bool AlwaysLogHealthCheckFailures { get; init; }

    public bool AlwaysLogHealthCheckSuccess { get; init; }

    /// <summary><c>tls_options.alpn_protocols</c>.</summary>
    public ImmutableArray<string> TlsAlpnProtocols { get; init; } = ImmutableArray<string>.Empty;

    /// <summary><c>transport_socket_match_criteria</c>; null when unset.</summary>
    public Struct? TransportSocketMatchCriteria { get; init; }
}
