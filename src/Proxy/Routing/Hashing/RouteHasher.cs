using System.Globalization;
using System.Net;
using System.Numerics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Proxy.Filters.StreamInfo;
using Proxy.Hashing;
using Proxy.Routing.Actions;
using Proxy.Routing.Matching;

namespace Proxy.Routing.Hashing;

/// <summary>
/// The request hash for ring-hash / Maglev load balancing from RouteAction.hash_policy, as Envoy's
/// <c>Http::HashPolicyImpl::generateHash</c>. Each policy yields xxHash64 (seed 0) of its value or nothing;
/// results combine as <c>hash = rotl(hash, 1) ^ new</c> so duplicate policies do not cancel out; a
/// <c>terminal</c> policy stops the walk once any hash exists; no policy yielding means no hash (random pick).
/// </summary>
public static class RouteHasher
{
    public static ulong? ComputeHash(HashPolicy[] policies, HttpRequest request, EndPoint? remote, EndPoint? local, StreamInfo? info, out string? setCookie) =>
        ComputeHash(policies, RequestView.From(request), remote, local, info, out setCookie);

    /// <param name="remote">The downstream client address (after XFF processing, as the HCM decided).</param>
    /// <param name="local">The downstream local address; with <paramref name="remote"/> it seeds a generated cookie.</param>
    /// <param name="setCookie">A Set-Cookie value to add to the response when a cookie policy with a ttl had to
    /// generate its cookie, else null.</param>
    public static ulong? ComputeHash(HashPolicy[] policies, in RequestView request, EndPoint? remote, EndPoint? local, StreamInfo? info, out string? setCookie)
    {
        setCookie = null;
        ulong? hash = null;
        for (int i = 0; i < policies.Length; i++)
        {
            HashPolicy policy = policies[i];
            ulong? value = policy.Kind switch
            {
                HashPolicyKind.Header => HashHeader(policy, request),
                HashPolicyKind.Cookie => HashCookie(policy, request, remote, local, ref setCookie),
                HashPolicyKind.SourceIp => HashSourceIp(remote),
                HashPolicyKind.QueryParameter => Matching.QueryString.TryGetFirstValue(request.Path, policy.Name, out ReadOnlySpan<char> parameter) ? XxHash64.Hash(parameter) : null,
                _ => HashFilterState(policy, info),
            };

            if (value is { } v)
            {
                hash = hash is { } previous ? BitOperations.RotateLeft(previous, 1) ^ v : v;
            }

            if (policy.Terminal && hash.HasValue)
            {
                break;
            }
        }

        return hash;
    }

    // Every value of the header, each rewritten when configured, sorted so that value order does not change the
    // hash, then hashed as one stream (Envoy's HashUtil::xxHash64 over a span of values).
    private static ulong? HashHeader(HashPolicy policy, in RequestView request)
    {
        StringValues values;
        if (policy.Name.StartsWith(':'))
        {
            if (!HeaderValues.TryGetFirst(request, policy.Name, out string pseudo))
            {
                return null;
            }

            values = pseudo;
        }
        else if (!request.Headers.TryGetValue(policy.Name, out values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count == 1)
        {
            string single = values[0] ?? string.Empty;
            return XxHash64.Hash(policy.HeaderRegexRewrite is { } rewrite ? rewrite.Apply(single) : single);
        }

        string[] parts = new string[values.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            string part = values[i] ?? string.Empty;
            parts[i] = policy.HeaderRegexRewrite is { } rewrite ? rewrite.Apply(part) : part;
        }

        Array.Sort(parts, StringComparer.Ordinal);
        return XxHash64.Hash(string.Concat(parts));
    }

    private static ulong? HashCookie(HashPolicy policy, in RequestView request, EndPoint? remote, EndPoint? local, ref string? setCookie)
    {
        ReadOnlySpan<char> value = FindCookie(request.Headers, policy.Name);
        if (!value.IsEmpty)
        {
            return XxHash64.Hash(value);
        }

        if (policy.CookieTtl is not { } ttl)
        {
            return null;
        }

        // Envoy's Router::Filter::addDownstreamSetCookie: the value is the same for every stream of a connection,
        // the hex xxHash64 of the remote and local addresses ("ip:port" each).
        string seed = string.Concat(remote?.ToString(), local?.ToString());
        string generated = XxHash64.Hash(seed).ToString("x16", CultureInfo.InvariantCulture);
        setCookie = MakeSetCookie(policy, generated, ttl);
        return XxHash64.Hash(generated);
    }

    private static ulong? HashSourceIp(EndPoint? remote)
    {
        if (remote is not IPEndPoint ip)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[64];
        if (!ip.Address.TryFormat(buffer, out int written) || written == 0)
        {
            return null;
        }

        // The address alone, as Envoy's addressAsString (inet_ntop): no port, no IPv6 scope id.
        ReadOnlySpan<char> text = buffer.Slice(0, written);
        int scope = text.IndexOf('%');
        return XxHash64.Hash(scope < 0 ? text : text.Slice(0, scope));
    }

    private static ulong? HashFilterState(HashPolicy policy, StreamInfo? info)
    {
        if (info is null || !info.HasFilterState)
        {
            return null;
        }

        return info.FilterState.TryGetValue(policy.Name, out object? state) && state is IHashable hashable ? hashable.Hash() : null;
    }

    // Envoy's Http::Utility::parseCookieValue: cookies split on ';', leading spaces skipped, names compared
    // case-sensitively, surrounding double quotes removed (RFC 6265 §4.1.1); the first cookie of that name wins.
    private static ReadOnlySpan<char> FindCookie(IHeaderDictionary headers, string name)
    {
        if (!headers.TryGetValue("cookie", out StringValues values))
        {
            return ReadOnlySpan<char>.Empty;
        }

        for (int i = 0; i < values.Count; i++)
        {
            ReadOnlySpan<char> rest = values[i];
            while (!rest.IsEmpty)
            {
                int semicolon = rest.IndexOf(';');
                ReadOnlySpan<char> cookie = semicolon < 0 ? rest : rest.Slice(0, semicolon);
                rest = semicolon < 0 ? ReadOnlySpan<char>.Empty : rest.Slice(semicolon + 1);
                cookie = cookie.TrimStart(' ');
                int equals = cookie.IndexOf('=');
                if (equals < 0 || !cookie.Slice(0, equals).SequenceEqual(name))
                {
                    continue;
                }

                ReadOnlySpan<char> value = cookie.Slice(equals + 1);
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = value.Slice(1, value.Length - 2);
                }

                return value;
            }
        }

        return ReadOnlySpan<char>.Empty;
    }

    // Envoy's Http::Utility::makeSetCookieValue with httponly = true.
    private static string MakeSetCookie(HashPolicy policy, string value, TimeSpan ttl)
    {
        var builder = new System.Text.StringBuilder(policy.Name.Length + value.Length + policy.CookiePath.Length + 40);
        builder.Append(policy.Name).Append("=\"").Append(value).Append('"');
        long seconds = (long)ttl.TotalSeconds;
        if (seconds != 0)
        {
            builder.Append("; Max-Age=").Append(seconds.ToString(CultureInfo.InvariantCulture));
        }

        if (policy.CookiePath.Length > 0)
        {
            builder.Append("; Path=").Append(policy.CookiePath);
        }

        foreach (CookieAttribute attribute in policy.CookieAttributes)
        {
            builder.Append("; ").Append(attribute.Name);
            if (attribute.Value.Length > 0)
            {
                builder.Append('=').Append(attribute.Value);
            }
        }

        builder.Append("; HttpOnly");
        return builder.ToString();
    }
}
