using Microsoft.AspNetCore.Http;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary><c>header_filter</c>: the request headers match <see cref="Matcher"/>.</summary>
public sealed class HeaderFilter : IAccessLogFilter
{
    public HeaderFilter(HeaderMatcher matcher) => Matcher = matcher;

    public HeaderMatcher Matcher { get; }

    public bool Evaluate(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type) => Matcher.Matches(info, http);
}
