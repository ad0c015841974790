namespace Proxy.Upstream.Http1;

/// <summary>What an upstream response head may be: its size, its field count, and whether Content-Length may come with chunked.</summary>
internal readonly record struct Http1ParseLimits(int MaxHeaderBytes, int MaxHeaders, bool AllowChunkedLength)
{
    /// <summary>96 KiB, as the SocketsHttpHandler path allowed; Envoy's own default is 60 KiB (max_response_headers_kb).</summary>
    public const int DefaultMaxHeaderBytes = 96 * 1024;
}
