using Microsoft.AspNetCore.Http;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary>
/// Filters whose inputs this proxy does not produce, so their answer is fixed:
/// <c>not_health_check_filter</c> is true (no request is marked as a health check: there is no health_check
/// HTTP filter), <c>traceable_filter</c> is false (no request is force-traced), <c>metadata_filter</c> returns
/// its <c>match_if_key_not_found</c> (dynamic metadata is always empty).
/// </summary>
public sealed class ConstantFilter : IAccessLogFilter
{
    public ConstantFilter(bool result) => Result = result;

    public bool Result { get; }

    public bool Evaluate(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type) => Result;
}
