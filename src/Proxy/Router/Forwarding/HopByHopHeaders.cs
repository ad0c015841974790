using Microsoft.Extensions.Primitives;

namespace Proxy.Router.Forwarding;

/// <summary>
/// Connection-specific header fields a proxy must not forward (RFC 9110 §7.6.1): Connection and the
/// fields it names, plus Proxy-Connection, Keep-Alive, TE (other than "trailers", which gRPC needs end to
/// end), Transfer-Encoding and Upgrade (kept only while forwarding an upgrade).
/// </summary>
internal static class HopByHopHeaders
{
    public static bool IsHopByHop(string name) =>
        name.Length switch
        {
            2 => name.Equals("te", StringComparison.OrdinalIgnoreCase),
            7 => name.Equals("upgrade", StringComparison.OrdinalIgnoreCase),
            10 => name.Equals("connection", StringComparison.OrdinalIgnoreCase)
                  || name.Equals("keep-alive", StringComparison.OrdinalIgnoreCase),
            16 => name.Equals("proxy-connection", StringComparison.OrdinalIgnoreCase),
            17 => name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    /// <summary>True when <paramref name="name"/> is listed in the Connection header's tokens.</summary>
    public static bool IsNominatedByConnection(StringValues connection, string name)
    {
        for (var i = 0; i < connection.Count; i++)
        {
            var value = connection[i].AsSpan();
            while (!value.IsEmpty)
            {
                var comma = value.IndexOf(',');
                var token = (comma < 0 ? value : value[..comma]).Trim();
                if (token.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                value = comma < 0 ? default : value[(comma + 1)..];
            }
        }

        return false;
    }

    /// <summary>True when the Connection header names anything besides close/keep-alive/upgrade.</summary>
    public static bool NominatesOthers(StringValues connection)
    {
        for (var i = 0; i < connection.Count; i++)
        {
            var value = connection[i].AsSpan();
            while (!value.IsEmpty)
            {
                var comma = value.IndexOf(',');
                var token = (comma < 0 ? value : value[..comma]).Trim();
                if (!token.IsEmpty
                    && !token.Equals("close", StringComparison.OrdinalIgnoreCase)
                    && !token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
                    && !token.Equals("upgrade", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                value = comma < 0 ? default : value[(comma + 1)..];
            }
        }

        return false;
    }
}
