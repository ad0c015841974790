namespace Proxy.Upstream.Http1;

/// <summary>The status line and header section of an upstream HTTP/1.x response, and what they say about its body.</summary>
internal sealed class Http1ResponseHead
{
    public required int StatusCode { get; init; }

    /// <summary>0 for HTTP/1.0, 1 for HTTP/1.1.</summary>
    public required int MinorVersion { get; init; }

    /// <summary>Header fields in arrival order; a repeated field appears once per line.</summary>
    public required List<KeyValuePair<string, string>> Headers { get; init; }

    public required BodyFraming Framing { get; init; }

    /// <summary>The body's length when <see cref="Framing"/> is <see cref="BodyFraming.ContentLength"/>.</summary>
    public long ContentLength { get; init; }

    /// <summary>False when the connection cannot carry another request after this response.</summary>
    public required bool KeepAlive { get; init; }

    public bool IsInterim => StatusCode is >= 100 and < 200;
}
