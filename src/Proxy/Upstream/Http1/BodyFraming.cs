namespace Proxy.Upstream.Http1;

/// <summary>How the end of an HTTP/1.1 response body is found (RFC 9112 §6.3).</summary>
internal enum BodyFraming
{
    /// <summary>No body: a HEAD request's response, 1xx, 204 and 304.</summary>
    None,

    /// <summary>Exactly Content-Length bytes.</summary>
    ContentLength,

    /// <summary>Transfer-Encoding ending in chunked: chunks, then trailers.</summary>
    Chunked,

    /// <summary>Neither: the body runs until the upstream closes the connection, which is not reused.</summary>
    UntilClose,
}
