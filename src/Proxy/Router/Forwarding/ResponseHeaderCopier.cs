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

    /// <summary>
    /// Copies fields parsed by our HTTP/1.1 client, minus hop-by-hop ones: the first of a name replaces what the
    /// target holds, later ones with the same name are appended (Set-Cookie stays one field per cookie).
    /// </summary>
    public static void CopyFields(List<KeyValuePair<string, string>> source, IHeaderDictionary target)
    {
        for (var i = 0; i < source.Count; i++)
        {
            var (name, value) = source[i];
            if (HopByHopHeaders.IsHopByHop(name))
            {
                continue;
            }

            if (SeenBefore(source, i, name))
            {
                target.Append(name, value);
            }
            else
            {
                target[name] = value;
            }
        }
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

    private static bool SeenBefore(List<KeyValuePair<string, string>> fields, int index, string name)
    {
        for (var j = 0; j < index; j++)
        {
            if (string.Equals(fields[j].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
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
