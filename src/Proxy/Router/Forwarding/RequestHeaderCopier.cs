using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Proxy.Router.Forwarding;

/// <summary>Copies downstream request headers onto the upstream request, minus connection-specific ones.</summary>
internal static class RequestHeaderCopier
{
    /// <param name="keepUpgrade">True while forwarding a WebSocket upgrade: Connection/Upgrade go through.</param>
    public static void Copy(IHeaderDictionary source, HttpRequestMessage target, bool keepUpgrade)
    {
        var connection = source.Connection;
        var checkNominated = connection.Count > 0 && HopByHopHeaders.NominatesOthers(connection);
        foreach (var header in source)
        {
            var name = header.Key;
            if (!Forwards(name, header.Value, connection, checkNominated, keepUpgrade))
            {
                continue;
            }

            var values = header.Value;
            if (values.Count == 1)
            {
                var value = values.ToString();
                if (!target.Headers.TryAddWithoutValidation(name, value))
                {
                    target.Content?.Headers.TryAddWithoutValidation(name, value);
                }
            }
            else
            {
                for (var i = 0; i < values.Count; i++)
                {
                    if (!target.Headers.TryAddWithoutValidation(name, values[i]))
                    {
                        target.Content?.Headers.TryAddWithoutValidation(name, values[i]);
                    }
                }
            }
        }
    }

    /// <summary>
    /// True when the request header <paramref name="name"/> goes upstream. Not: pseudo-headers, hop-by-hop fields
    /// (but TE: trailers, and Upgrade/Connection of an upgrade), fields the Connection header nominates, Host (sent
    /// from the possibly rewritten authority), Expect (Envoy answers 100-continue itself, proxy_100_continue
    /// false) and Content-Length (the body's framing is the client's to write).
    /// </summary>
    /// <param name="connection">The request's Connection header.</param>
    /// <param name="checkNominated">True when Connection names fields besides close/keep-alive/upgrade.</param>
    public static bool Forwards(string name, Microsoft.Extensions.Primitives.StringValues value, Microsoft.Extensions.Primitives.StringValues connection, bool checkNominated, bool keepUpgrade)
    {
        if (name.Length == 0 || name[0] == ':')
        {
            return false;
        }

        if (HopByHopHeaders.IsHopByHop(name))
        {
            return AllowedHopByHop(name, value, keepUpgrade);
        }

        if (name.Equals(HeaderNames.Host, StringComparison.OrdinalIgnoreCase)
            || name.Equals(HeaderNames.Expect, StringComparison.OrdinalIgnoreCase)
            || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !(checkNominated && HopByHopHeaders.IsNominatedByConnection(connection, name));
    }

    private static bool AllowedHopByHop(string name, Microsoft.Extensions.Primitives.StringValues value, bool keepUpgrade)
    {
        if (name.Length == 2)
        {
            // TE: trailers is end-to-end in practice (gRPC requires it); any other TE value is dropped.
            return value.Count == 1 && string.Equals(value.ToString(), "trailers", StringComparison.OrdinalIgnoreCase);
        }

        return keepUpgrade
               && (name.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase)
                   || name.Equals(HeaderNames.Connection, StringComparison.OrdinalIgnoreCase));
    }
}
