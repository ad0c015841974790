using Microsoft.AspNetCore.Http;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary><c>status_code_filter</c>: compares the response code (0 when none was sent).</summary>
public sealed class StatusCodeFilter : IAccessLogFilter
{
    public StatusCodeFilter(Comparison comparison) => Comparison = comparison;

    public Comparison Comparison { get; }

    public bool Evaluate(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type) =>
        Comparison.Matches((ulong)Math.Max(info.ResponseCode, 0));
}
