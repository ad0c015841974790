using System.Globalization;
using Microsoft.AspNetCore.Http;
using Proxy.Routing.Actions;

namespace Proxy.Routing;

/// <summary>
/// The Location of a redirect, as Envoy's <c>Http::Utility::newUri</c> after the redirect's path rewrite
/// (<c>rewritePathHeader</c>). Scheme: scheme_redirect / https_redirect, else the request's. Host:
/// host_redirect as given, else the request's with its port dropped when port_redirect is set or when the
/// scheme changes and the port was the old scheme's default (:80 for http, :443 for https, judged by
/// x-forwarded-proto). Path: path_redirect (keeping the request's query unless it has its own) or the
/// rewritten request path; strip_query drops the query unless it came from path_redirect.
/// </summary>
public static class RedirectLocation
{
    public static string BuildLocation(HttpRequest request, RedirectAction redirect) =>
        BuildLocation(RequestView.From(request), redirect);

    /// <summary>With <paramref name="redirect"/> null: the request's own URL (Location of a 201/3xx direct response).</summary>
    public static string BuildLocation(in RequestView request, RedirectAction? redirect)
    {
        string path = RewrittenPath(request.Path ?? string.Empty, redirect);
        string scheme = redirect?.SchemeRedirect ?? request.Scheme;
        string port = redirect is { PortRedirect: > 0 } ? ":" + redirect.PortRedirect.ToString(CultureInfo.InvariantCulture) : string.Empty;
        string host = redirect?.HostRedirect ?? RequestHost(request, scheme, port);

        string finalPath;
        if (redirect?.PathRedirect is { } pathRedirect)
        {
            int query = path.IndexOf('?');
            finalPath = redirect.PathRedirectHasQuery || query < 0 ? pathRedirect : pathRedirect + path.Substring(query);
        }
        else
        {
            finalPath = path;
        }

        if (!finalPath.StartsWith('/'))
        {
            finalPath = "/" + finalPath;
        }

        if (redirect is { StripQuery: true, PathRedirectHasQuery: false })
        {
            int query = finalPath.IndexOf('?');
            if (query >= 0)
            {
                finalPath = finalPath.Substring(0, query);
            }
        }

        return string.Concat(scheme, "://", host, port, finalPath);
    }

    /// <summary>VirtualHost.require_tls: <c>https://</c> + the request's Host and path, unchanged (Envoy's createSslRedirectPath).</summary>
    public static string BuildTlsRedirectLocation(in RequestView request) =>
        string.Concat("https://", request.Authority, request.Path ?? "/");

    private static string RewrittenPath(string path, RedirectAction? redirect)
    {
        if (redirect is null || (redirect.RegexRewrite is null && redirect.PrefixRewrite is null))
        {
            return path;
        }

        ReadOnlySpan<char> justPath = RequestView.StripQuery(path);
        ReadOnlySpan<char> rest = path.AsSpan(justPath.Length);
        if (redirect.RegexRewrite is { } regex)
        {
            return string.Concat(regex.Apply(justPath.ToString()), rest);
        }

        int matched = redirect.Match.MatchedLength(justPath);
        return string.Concat(redirect.PrefixRewrite, path.AsSpan(matched));
    }

    private static string RequestHost(in RequestView request, string newScheme, string newPort)
    {
        string host = request.Authority;
        if (host.Length == 0)
        {
            return host;
        }

        int hostEnd;
        if (host[0] == '[')
        {
            hostEnd = host.LastIndexOf("]:", StringComparison.Ordinal);
            if (hostEnd >= 0)
            {
                hostEnd++;
            }
        }
        else
        {
            hostEnd = host.LastIndexOf(':');
        }

        if (hostEnd < 0)
        {
            return host;
        }

        ReadOnlySpan<char> requestPort = host.AsSpan(hostEnd);
        string requestProtocol = request.ForwardedProto;
        bool removePort = newPort.Length > 0;
        if (!string.Equals(newScheme, requestProtocol, StringComparison.Ordinal))
        {
            removePort |= string.Equals(requestProtocol, "https", StringComparison.OrdinalIgnoreCase) && requestPort.SequenceEqual(":443");
            removePort |= string.Equals(requestProtocol, "http", StringComparison.OrdinalIgnoreCase) && requestPort.SequenceEqual(":80");
        }

        return removePort ? host.Substring(0, hostEnd) : host;
    }
}
