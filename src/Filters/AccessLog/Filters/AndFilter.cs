using Microsoft.AspNetCore.Http;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary><c>and_filter</c>: true when every sub-filter is, evaluated in order and stopping at the first false.</summary>
public sealed class AndFilter : IAccessLogFilter
{
    private readonly IAccessLogFilter[] _filters;

    public AndFilter(IAccessLogFilter[] filters) => _filters = filters;

    public bool Evaluate(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type)
    {
        foreach (var filter in _filters)
        {
            if (!filter.Evaluate(info, http, type))
            {
                return false;
            }
        }

        return true;
    }
}
