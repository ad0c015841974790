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
            if (name.Length == 0 || name[0] == ':')
            {
                continue;
            }

            if (HopByHopHeaders.IsHopByHop(name))
            {
                if (!AllowedHopByHop(name, header.Value, keepUpgrade))
                {
                    continue;
                }
            }
            else if (name.Equals(HeaderNames.Host, StringComparison.OrdinalIgnoreCase)
                     || name.Equals(HeaderNames.Expect, StringComparison.OrdinalIgnoreCase)
                     || name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                // Host is set from the (possibly rewritten) authority; Expect: 100-continue is answered by
                // the proxy itself (Envoy's default, proxy_100_continue: false); Content-Length is the
                // streamed content's own (StreamingRequestContent), copying it too would send it twice.
                continue;
            }
            else if (checkNominated && HopByHopHeaders.IsNominatedByConnection(connection, name))
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
