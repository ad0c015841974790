namespace Proxy.Http.ConnectionManager;

/// <summary>HttpConnectionManager.codec_type (HTTP3 is refused at config time).</summary>
internal enum CodecType
{
    Auto,
    Http1,
    Http2,
}
