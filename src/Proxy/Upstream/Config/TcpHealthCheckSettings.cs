using System.Collections.Immutable;

namespace Proxy.Upstream.Config;

/// <summary><c>tcp_health_check</c>: connect, optionally send bytes and expect bytes back; empty send is connect-only.</summary>
public sealed record TcpHealthCheckSettings
{
    public ReadOnlyMemory<byte> Send { get; init; }

    public ImmutableArray<ReadOnlyMemory<byte>> Receive { get; init; } = ImmutableArray<ReadOnlyMemory<byte>>.Empty;
}
