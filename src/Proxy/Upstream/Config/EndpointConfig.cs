using System.Collections.Immutable;
using Envoy.Config.Core.V3;

namespace Proxy.Upstream.Config;

/// <summary>One translated <c>LbEndpoint</c>.</summary>
public sealed record EndpointConfig
{
    public required EndpointAddress Address { get; init; }

    /// <summary><c>endpoint.hostname</c>: used for auto_host_rewrite and hashing by hostname; empty when unset.</summary>
    public string Hostname { get; init; } = string.Empty;

    public EndpointHealthCheckSettings? HealthCheck { get; init; }

    public EndpointHealthStatus HealthStatus { get; init; }

    /// <summary><c>load_balancing_weight</c>, default 1, never 0.</summary>
    public uint Weight { get; init; } = 1;

    /// <summary>Endpoint metadata (e.g. <c>envoy.transport_socket_match</c>, <c>istio</c>); not mutated once built.</summary>
    public Metadata? Metadata { get; init; }

    /// <summary><c>endpoint.additional_addresses</c> (Happy Eyeballs candidates); recorded, not used yet.</summary>
    public ImmutableArray<EndpointAddress> AdditionalAddresses { get; init; } = ImmutableArray<EndpointAddress>.Empty;
}
