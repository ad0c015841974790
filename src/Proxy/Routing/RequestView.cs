using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Proxy.Routing;

/// <summary>
/// The request as Envoy's router sees it: <c>:method</c>, <c>:scheme</c>, <c>:authority</c>, the raw
/// <c>:path</c> (with its query, never percent-decoded) and the headers. Built once per request without
/// copying (<see cref="From(HttpRequest)"/>), or from raw values by the HCM and tests.
/// </summary>
public readonly struct RequestView
{
    public RequestView(
        string method,
        string authority,
        string? path,
        IHeaderDictionary headers,
        string scheme = "http",
        string? forwardedProto = null,
        bool peerCertificatePresented = false,
        bool peerCertificateValidated = false)
    {
        Method = method;
        Authority = authority;
        Path = path;
        Headers = headers;
        Scheme = scheme;
        ForwardedProto = string.IsNullOrEmpty(forwardedProto) ? scheme : forwardedProto;
        PeerCertificatePresented = peerCertificatePresented;
        PeerCertificateValidated = peerCertificateValidated;
    }

    /// <summary><c>:method</c>. An HTTP/2 extended CONNECT (RFC 8441) appears as GET, as Envoy normalizes it to an HTTP/1.1-style upgrade.</summary>
    public string Method { get; }

    /// <summary><c>:scheme</c>.</summary>
    public string Scheme { get; }

    /// <summary><c>:authority</c> (Host); empty when the request carried none.</summary>
    public string Authority { get; }

    /// <summary>The raw <c>:path</c> including the query; null for an HTTP/1.1 CONNECT, which has no path.</summary>
    public string? Path { get; }

    public IHeaderDictionary Headers { get; }

    /// <summary><c>x-forwarded-proto</c> as the HCM set it, or <see cref="Scheme"/> when absent; decides <c>require_tls</c> and redirect ports.</summary>
    public string ForwardedProto { get; }

    /// <summary>The downstream TLS peer presented a certificate (route <c>tls_context.presented</c>).</summary>
    public bool PeerCertificatePresented { get; }

    /// <summary>The downstream TLS peer's certificate was validated (route <c>tls_context.validated</c>).</summary>
    public bool PeerCertificateValidated { get; }

    /// <summary>A CONNECT request (Envoy's <c>HeaderUtility::isConnect</c>); extended CONNECT is not one.</summary>
    public bool IsConnect => string.Equals(Method, HttpMethods.Connect, StringComparison.Ordinal);

    /// <summary>The path up to the first '?' or '#' (Envoy's <c>PathUtil::removeQueryAndFragment</c>).</summary>
    public ReadOnlySpan<char> PathWithoutQuery => StripQuery(Path);

    /// <summary>'?' and what follows, or empty.</summary>
    public ReadOnlySpan<char> QueryAndFragment
    {
        get
        {
            ReadOnlySpan<char> path = Path;
            return path.Slice(StripQuery(Path).Length);
        }
    }

    /// <summary>
    /// The view of an ASP.NET Core request. The raw request target comes from <see cref="IHttpRequestFeature.RawTarget"/>
    /// (what Kestrel received, not decoded), so nothing is allocated for origin-form targets.
    /// The peer certificate counts as validated when present: our TLS layer only completes a handshake with a
    /// client certificate after checking it against the validation context.
    /// </summary>
    public static RequestView From(HttpRequest request)
    {
        HttpContext http = request.HttpContext;
        string method = request.Method;
        if (http.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true })
        {
            method = HttpMethods.Get;
        }

        string? rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        string? path = PathOf(rawTarget, method, request);
        string host = request.Headers.Host.ToString();
        string? forwardedProto = request.Headers.TryGetValue("x-forwarded-proto", out var xfp) && xfp.Count > 0 ? xfp[0] : null;
        bool presented = http.Features.Get<ITlsConnectionFeature>()?.ClientCertificate is not null;
        return new RequestView(method, host, path, request.Headers, request.Scheme, forwardedProto, presented, presented);
    }

    /// <summary>
    /// The request as an HTTP filter's matchers see it (RBAC, rate limit actions): <c>:authority</c> is the Host
    /// header as received, port included, and <c>:path</c> the one the router matches (normalized, with query).
    /// </summary>
    public static RequestView OfFilter(Proxy.Filters.Http.HttpFilterContext context)
    {
        HttpRequest request = context.Http.Request;
        return new RequestView(request.Method, request.Headers.Host.ToString(), context.Path, request.Headers);
    }

    internal static ReadOnlySpan<char> StripQuery(string? path)
    {
        ReadOnlySpan<char> span = path;
        int end = span.IndexOfAny('?', '#');
        return end < 0 ? span : span.Slice(0, end);
    }

    private static string? PathOf(string? rawTarget, string method, HttpRequest request)
    {
        if (!string.IsNullOrEmpty(rawTarget))
        {
            if (rawTarget[0] == '/' || rawTarget == "*")
            {
                return rawTarget;
            }

            // RFC 9112 §3.2.3: an HTTP/1.1 CONNECT carries authority-form, and no path.
            if (string.Equals(method, HttpMethods.Connect, StringComparison.Ordinal))
            {
                return null;
            }

            // Absolute-form (RFC 9112 §3.2.2): Envoy routes on its path part, "/" when it has none.
            int schemeEnd = rawTarget.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd > 0)
            {
                int pathStart = rawTarget.IndexOfAny(['/', '?'], schemeEnd + 3);
                return pathStart < 0 ? "/" : rawTarget[pathStart] == '/' ? rawTarget.Substring(pathStart) : "/" + rawTarget.Substring(pathStart);
            }
        }

        if (string.Equals(method, HttpMethods.Connect, StringComparison.Ordinal) && !request.Path.HasValue)
        {
            return null;
        }

        // No raw target (a request built in code): rebuild it in its escaped form.
        string rebuilt = request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        return rebuilt.Length == 0 ? "/" : rebuilt;
    }
}
