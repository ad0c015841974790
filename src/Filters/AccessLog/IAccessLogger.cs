using Microsoft.AspNetCore.Http;

namespace Proxy.Filters.AccessLog;

/// <summary>
/// An access log instance (one <c>access_log</c> entry of an HCM, tcp_proxy or listener). Called on the data
/// path when a stream ends (or periodically); must not block: implementations buffer and write in the background.
/// </summary>
public interface IAccessLogger
{
    /// <param name="http">The HTTP exchange, or null for TCP streams.</param>
    void Log(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type);
}
