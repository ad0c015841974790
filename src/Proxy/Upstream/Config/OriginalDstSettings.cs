namespace Proxy.Upstream.Config;

/// <summary>
/// <c>original_dst_lb_config</c> of an ORIGINAL_DST cluster: take the destination from a request header
/// instead of the connection's original destination, optionally overriding the port.
/// </summary>
public sealed record OriginalDstSettings
{
    /// <summary>Envoy's default header for <c>use_http_header</c>.</summary>
    public const string DefaultHeaderName = "x-envoy-original-dst-host";

    public static readonly OriginalDstSettings Default = new();

    public bool UseHttpHeader { get; init; }

    /// <summary>The header to read when <see cref="UseHttpHeader"/>; <see cref="DefaultHeaderName"/> when not configured.</summary>
    public string HttpHeaderName { get; init; } = DefaultHeaderName;

    public int? UpstreamPortOverride { get; init; }

    /// <summary><c>metadata_key</c> (filter metadata holding the destination); recorded as key + path.</summary>
    public string? MetadataKey { get; init; }

    public IReadOnlyList<string> MetadataPath { get; init; } = Array.Empty<string>();
}
