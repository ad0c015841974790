using Envoy.Extensions.TransportSockets.Tls.V3;

namespace Proxy.Upstream.Config;

/// <summary>
/// A translated upstream <c>transport_socket</c>. For TLS the UpstreamTlsContext proto is kept as is
/// ("UpstreamTls present"): the TLS layer translates it later; it is never mutated.
/// </summary>
public sealed record TransportSocketConfig
{
    public static readonly TransportSocketConfig RawBuffer = new()
    {
        Name = "envoy.transport_sockets.raw_buffer",
        Kind = TransportSocketKind.RawBuffer,
    };

    public required string Name { get; init; }

    public required TransportSocketKind Kind { get; init; }

    public UpstreamTlsContext? Tls { get; init; }

    /// <summary>For <see cref="TransportSocketKind.InternalUpstream"/>: the wrapped socket.</summary>
    public TransportSocketConfig? Inner { get; init; }

    /// <summary>For <see cref="TransportSocketKind.InternalUpstream"/>: the metadata namespaces passed through (<c>passthrough_metadata[].name</c>).</summary>
    public IReadOnlyList<string> PassthroughMetadata { get; init; } = Array.Empty<string>();

    public bool IsTls => Kind == TransportSocketKind.Tls || Inner?.IsTls == true;
}
