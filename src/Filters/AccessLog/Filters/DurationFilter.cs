using Microsoft.AspNetCore.Http;
using Proxy.Filters.Formatting;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary><c>duration_filter</c>: compares the total duration in milliseconds (as %DURATION% computes it).</summary>
public sealed class DurationFilter : IAccessLogFilter
{
    private readonly TimeProvider _clock;

    public DurationFilter(Comparison comparison, TimeProvider clock)
    {
        Comparison = comparison;
        _clock = clock;
    }

    public Comparison Comparison { get; }

    public bool Evaluate(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type)
    {
        var milliseconds = DurationPart.Milliseconds(info, DurationKind.Total, _clock);
        return milliseconds >= 0 && Comparison.Matches((ulong)milliseconds);
    }
}
