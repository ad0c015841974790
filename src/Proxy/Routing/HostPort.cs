namespace Proxy.Routing;

/// <summary>
/// Port handling in the <c>:authority</c>/Host value, as Envoy's <c>HeaderUtility::getPortStart</c> and
/// <c>stripPortFromHost</c>. The HCM applies <c>strip_matching_host_port</c> / <c>strip_any_host_port</c>
/// with these before route matching.
/// </summary>
public static class HostPort
{
    /// <summary>
    /// Index of the ':' that starts the port, or -1. An IPv6 literal is always bracketed (RFC 3986 §3.2.2),
    /// so a ':' before the last ']' is part of the address, not a port separator.
    /// </summary>
    public static int GetPortStart(ReadOnlySpan<char> host)
    {
        int colon = host.LastIndexOf(':');
        if (colon < 0)
        {
            return -1;
        }

        int v6End = host.LastIndexOf(']');
        return v6End < 0 || v6End < colon ? colon : -1;
    }

    /// <summary>
    /// HCM <c>strip_matching_host_port</c>: removes the port when it equals the listener's port; a port that
    /// does not parse as a number is left alone. Returns <paramref name="host"/> itself when nothing changes.
    /// </summary>
    public static string StripMatchingPort(string host, uint listenerPort) => Strip(host, listenerPort);

    /// <summary>HCM <c>strip_any_host_port</c>: removes any numeric port.</summary>
    public static string StripAnyPort(string host) => Strip(host, null);

    private static string Strip(string host, uint? listenerPort)
    {
        int start = GetPortStart(host);
        if (start < 0)
        {
            return host;
        }

        if (!uint.TryParse(host.AsSpan(start + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint port))
        {
            return host;
        }

        if (listenerPort is { } expected && port != expected)
        {
            return host;
        }

        return host.Substring(0, start);
    }
}
