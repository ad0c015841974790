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

    /// <summary>
    /// The names by length: a lookup compares at most five candidates of the right length, where a scan of all
    /// of them read each name's bytes (another object, often another cache line) only to check its length.
    /// </summary>
    private static readonly (string Name, byte[] Bytes)[][] ByLength = BuildByLength();

    /// <summary>The shared string for <paramref name="name"/> (ASCII, any case), or a new one.</summary>
    public static string Get(ReadOnlySpan<byte> name)
    {
        if (name.Length < ByLength.Length)
        {
            foreach (var (known, bytes) in ByLength[name.Length])
            {
                if (Ascii.EqualsIgnoreCase(bytes, name))
                {
                    return known;
                }
            }
        }

        return Encoding.Latin1.GetString(name);
    }

    private static (string Name, byte[] Bytes)[][] BuildByLength()
    {
        var table = new (string, byte[])[Names.Max(n => n.Length) + 1][];
        for (var length = 0; length < table.Length; length++)
        {
            table[length] = Names.Where(n => n.Length == length).Select(n => (n, Encoding.ASCII.GetBytes(n))).ToArray();
        }

        return table;
    }
}
