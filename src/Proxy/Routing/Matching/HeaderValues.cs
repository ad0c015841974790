using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Proxy.Routing.Matching;

/// <summary>
/// Reads a header the way Envoy's matchers do (<c>HeaderUtility::getAllOfHeaderAsString</c>): all values of
/// one name joined with "," (a new string only when there are several), the pseudo-headers <c>:method</c>,
/// <c>:authority</c>, <c>:path</c> and <c>:scheme</c> from the request line. <c>host</c> is never present:
/// Envoy keeps the HTTP/1 Host header as <c>:authority</c> (route docs: "match on :authority instead").
/// </summary>
public static class HeaderValues
{
    public static bool TryGetJoined(in RequestView request, string name, out string value)
    {
        if (name.Length > 0 && name[0] == ':')
        {
            return TryGetPseudo(request, name, out value);
        }

        if (string.Equals(name, "host", StringComparison.Ordinal))
        {
            value = string.Empty;
            return false;
        }

        return TryGetJoined(request.Headers, name, out value);
    }

    /// <summary>All values of a (non-pseudo) header joined with ",", e.g. for response header matchers.</summary>
    public static bool TryGetJoined(IHeaderDictionary headers, string name, out string value)
    {
        if (!headers.TryGetValue(name, out StringValues values) || values.Count == 0)
        {
            value = string.Empty;
            return false;
        }

        value = values.Count == 1 ? values[0] ?? string.Empty : string.Join(',', values.ToArray());
        return true;
    }

    /// <summary>
    /// The first value only, as Envoy reads untrusted single-valued headers (<c>cluster_header</c>,
    /// <c>host_rewrite_header</c>: "If the header appears multiple times only the first value is used").
    /// </summary>
    public static bool TryGetFirst(in RequestView request, string name, out string value)
    {
        if (name.Length > 0 && name[0] == ':')
        {
            return TryGetPseudo(request, name, out value);
        }

        if (string.Equals(name, "host", StringComparison.Ordinal)
            || !request.Headers.TryGetValue(name, out StringValues values)
            || values.Count == 0)
        {
            value = string.Empty;
            return false;
        }

        value = values[0] ?? string.Empty;
        return true;
    }

    private static bool TryGetPseudo(in RequestView request, string name, out string value)
    {
        string? found = name switch
        {
            ":method" => request.Method,
            ":authority" => request.Authority.Length == 0 ? null : request.Authority,
            ":path" => request.Path,
            ":scheme" => request.Scheme,
            _ => null,
        };
        value = found ?? string.Empty;
        return found is not null;
    }
}
