using System.Collections.Immutable;

namespace Proxy.Upstream.Config;

/// <summary><c>grpc_health_check</c>: grpc.health.v1.Health/Check for <see cref="ServiceName"/>.</summary>
public sealed record GrpcHealthCheckSettings
{
    public string ServiceName { get; init; } = string.Empty;

    /// <summary>:authority; empty means the cluster name.</summary>
    public string Authority { get; init; } = string.Empty;

    public ImmutableArray<HeaderToAdd> InitialMetadata { get; init; } = ImmutableArray<HeaderToAdd>.Empty;
}
