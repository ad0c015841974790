using System.Collections.Immutable;

namespace Proxy.Upstream.Config;

/// <summary><c>http_health_check</c> with Envoy's defaults (GET, expected statuses [200, 201)).</summary>
public sealed record HttpHealthCheckSettings
{
    /// <summary>Host header; empty means the cluster name.</summary>
    public string Host { get; init; } = string.Empty;

    public required string Path { get; init; }

    /// <summary>Request body (<c>send</c>); empty for none.</summary>
    public ReadOnlyMemory<byte> Send { get; init; }

    /// <summary>Byte sequences the response body must contain, in order (<c>receive</c>).</summary>
    public ImmutableArray<ReadOnlyMemory<byte>> Receive { get; init; } = ImmutableArray<ReadOnlyMemory<byte>>.Empty;

    public ImmutableArray<StatusRange> ExpectedStatuses { get; init; } = ImmutableArray.Create(new StatusRange(200, 201));

    public ImmutableArray<StatusRange> RetriableStatuses { get; init; } = ImmutableArray<StatusRange>.Empty;

    /// <summary><c>codec_client_type</c>: HTTP/1.1 by default; HTTP/2 when set so.</summary>
    public bool UseHttp2 { get; init; }

    /// <summary>Request method; GET when unspecified.</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    public ImmutableArray<HeaderToAdd> RequestHeadersToAdd { get; init; } = ImmutableArray<HeaderToAdd>.Empty;

    public ImmutableArray<string> RequestHeadersToRemove { get; init; } = ImmutableArray<string>.Empty;
}
