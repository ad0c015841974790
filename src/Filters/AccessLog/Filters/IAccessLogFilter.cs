using Microsoft.AspNetCore.Http;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary>An access log <c>filter</c>: decides per entry whether the logger writes it.</summary>
public interface IAccessLogFilter
{
    bool Evaluate(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type);
}
