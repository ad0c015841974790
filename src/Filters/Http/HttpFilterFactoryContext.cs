using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.Stats;

namespace Proxy.Filters.Http;

/// <summary>What a filter factory gets: the filter's name and typed_config, its stats scope and the clock.</summary>
public sealed class HttpFilterFactoryContext
{
    public required string FilterName { get; init; }

    /// <summary>The typed_config as received (binary Any; a udpa/xds TypedStruct stays wrapped).</summary>
    public required Any TypedConfig { get; init; }

    /// <summary>The connection manager's scope: <c>http.&lt;stat_prefix&gt;.</c>.</summary>
    public required IStatsScope Stats { get; init; }

    public required TimeProvider Time { get; init; }

    public Random Random { get; init; } = Random.Shared;
}
