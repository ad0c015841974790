using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Proxy.Router.Forwarding;

/// <summary>Copies upstream response headers and trailers downstream, minus connection-specific ones.</summary>
internal static class ResponseHeaderCopier
{
    public static void CopyHeaders(HttpResponseMessage source, IHeaderDictionary target, bool keepUpgrade)
    {
        Copy(source.Headers, target, keepUpgrade);
        Copy(source.Content.Headers, target, keepUpgrade);
    }

    public static void CopyTrailers(HttpHeaders source, IHeaderDictionary target)
    {
        foreach (var header in source.NonValidated)
        {
            target.Append(header.Key, ToStringValues(header.Value));
        }
    }

    private static void Copy(HttpHeaders source, IHeaderDictionary target, bool keepUpgrade)
    {
        foreach (var header in source.NonValidated)
        {
            var name = header.Key;
            if (HopByHopHeaders.IsHopByHop(name)
                && !(keepUpgrade && (name.Equals("upgrade", StringComparison.OrdinalIgnoreCase)
                                     || name.Equals("connection", StringComparison.OrdinalIgnoreCase))))
            {
                continue;
            }

            target[name] = ToStringValues(header.Value);
        }
    }

    private static Microsoft.Extensions.Primitives.StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            return values.ToString();
        }

        var array = new string[values.Count];
        var i = 0;
        foreach (var value in values)
        {
            array[i++] = value;
        }

        return array;
    }
}
