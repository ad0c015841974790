using Microsoft.AspNetCore.Http;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary><c>log_type_filter</c>: the entry's <see cref="AccessLogType"/> is one of <c>types</c>, or with <c>exclude</c> is not.</summary>
public sealed class LogTypeFilter : IAccessLogFilter
{
    private readonly bool[] _types;

    public LogTypeFilter(IEnumerable<AccessLogType> types, bool exclude)
    {
        _types = new bool[(int)AccessLogType.UdpSessionEnd + 1];
        foreach (var type in types)
        {
            _types[(int)type] = true;
        }

        Exclude = exclude;
    }

    public bool Exclude { get; }

    public bool Evaluate(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type)
    {
        var found = (uint)type < (uint)_types.Length && _types[(int)type];
        return Exclude ? !found : found;
    }
}
