namespace Proxy.Filters.Formatting;

/// <summary>
/// HTTP/2-style pseudo-headers that Envoy keeps in its header maps and Kestrel keeps as request properties;
/// resolved once at parse time so the request path never compares header names.
/// </summary>
internal enum PseudoHeader
{
    None,
    Method,
    Path,
    Authority,
    Scheme,
    Protocol,
    Status,
    Unknown,
}
