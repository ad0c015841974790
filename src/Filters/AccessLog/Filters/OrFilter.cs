using Microsoft.AspNetCore.Http;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary><c>or_filter</c>: true when any sub-filter is, evaluated in order and stopping at the first true.</summary>
public sealed class OrFilter : IAccessLogFilter
{
    private readonly IAccessLogFilter[] _filters;

    public OrFilter(IAccessLogFilter[] filters) => _filters = filters;

    public bool Evaluate(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type)
    {
        foreach (var filter in _filters)
        {
            if (filter.Evaluate(info, http, type))
            {
                return true;
            }
        }

        return false;
    }
}
