using System.Text;

namespace Proxy.Upstream.Http1;

/// <summary>
/// Response header names Kestrel knows (it writes them in its own spelling whatever the key's case), returned as
/// shared strings so the common fields of each response cost no allocation. Other names keep the upstream's
/// spelling and are allocated.
/// </summary>
internal static class KnownResponseHeaderNames
{
    private static readonly string[] Names =
    [
        "Accept-Ranges", "Age", "Cache-Control", "Connection", "Content-Encoding", "Content-Language", "Content-Length",
        "Content-Location", "Content-Range", "Content-Type", "Date", "ETag", "Expires", "Keep-Alive", "Last-Modified",
        "Location", "Pragma", "Proxy-Authenticate", "Retry-After", "Server", "Set-Cookie", "Trailer", "Transfer-Encoding",
        "Upgrade", "Vary", "Via", "Warning", "WWW-Authenticate", "Access-Control-Allow-Origin",
        "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods",
        "Access-Control-Expose-Headers", "Access-Control-Max-Age", "Alt-Svc", "Grpc-Status", "Grpc-Message",
        "Grpc-Encoding", "Strict-Transport-Security",
    ];

    private static readonly byte[][] Bytes = Names.Select(Encoding.ASCII.GetBytes).ToArray();

    /// <summary>The shared string for <paramref name="name"/> (ASCII, any case), or a new one.</summary>
    public static string Get(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < Bytes.Length; i++)
        {
            var known = Bytes[i];
            if (known.Length == name.Length && Ascii.EqualsIgnoreCase(known, name))
            {
                return Names[i];
            }
        }

        return Encoding.Latin1.GetString(name);
    }
}
