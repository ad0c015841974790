namespace Proxy.Http.Codec.Http2;

/// <summary>
/// Field names met often enough that a request's header dictionary should reuse one string for them instead of
/// decoding the octets each time, and the ones RFC 9113 §8.2.2 forbids in HTTP/2.
/// </summary>
internal sealed class Http2HeaderNames
{
    public static readonly Http2HeaderNames Te = new("te");
    public static readonly Http2HeaderNames Cookie = new("cookie");

    private static readonly Http2HeaderNames[] Known =
    [
        Te, Cookie,
        new("connection", connectionSpecific: true), new("keep-alive", connectionSpecific: true),
        new("proxy-connection", connectionSpecific: true), new("transfer-encoding", connectionSpecific: true),
        new("upgrade", connectionSpecific: true),
        new("accept"), new("accept-encoding"), new("accept-language"), new("authorization"), new("cache-control"),
        new("content-length"), new("content-type"), new("grpc-accept-encoding"), new("grpc-encoding"), new("grpc-timeout"),
        new("host"), new("origin"), new("referer"), new("user-agent"), new("x-b3-parentspanid"), new("x-b3-sampled"),
        new("x-b3-spanid"), new("x-b3-traceid"), new("x-envoy-attempt-count"), new("x-forwarded-client-cert"),
        new("x-forwarded-for"), new("x-forwarded-proto"), new("x-request-id"), new("traceparent"), new("tracestate"),
    ];

    private readonly byte[] _octets;

    private Http2HeaderNames(string name, bool connectionSpecific = false)
    {
        Name = name;
        IsConnectionSpecific = connectionSpecific;
        _octets = System.Text.Encoding.ASCII.GetBytes(name);
    }

    public string Name { get; }

    public bool IsConnectionSpecific { get; }

    /// <summary>Whether a response field must be left out of an HTTP/2 header block (RFC 9113 §8.2.2).</summary>
    public static bool IsConnectionSpecificName(string name) =>
        name.Equals("connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("proxy-connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("upgrade", StringComparison.OrdinalIgnoreCase);

    public static Http2HeaderNames? Find(ReadOnlySpan<byte> name)
    {
        foreach (var known in Known)
        {
            if (known._octets.Length == name.Length && name.SequenceEqual(known._octets))
            {
                return known;
            }
        }

        return null;
    }
}
