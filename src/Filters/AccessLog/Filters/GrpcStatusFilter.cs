using Microsoft.AspNetCore.Http;
using Proxy.Filters.Formatting;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary>
/// <c>grpc_status_filter</c>: the gRPC status (grpc-status trailer, else header, else mapped from the HTTP status;
/// UNKNOWN when there is none) is one of <c>statuses</c>, or with <c>exclude</c> is not.
/// </summary>
public sealed class GrpcStatusFilter : IAccessLogFilter
{
    private const long Unknown = 2;

    private readonly bool[] _statuses;

    /// <param name="statuses">gRPC codes 0..16.</param>
    public GrpcStatusFilter(IEnumerable<int> statuses, bool exclude)
    {
        _statuses = new bool[GrpcStatus.MaximumKnown + 1];
        foreach (var status in statuses)
        {
            _statuses[status] = true;
        }

        Exclude = exclude;
    }

    public bool Exclude { get; }

    public bool Evaluate(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type)
    {
        if (!GrpcStatus.TryGet(info, http, allowUserDefined: false, out var status))
        {
            status = Unknown;
        }

        var found = status >= 0 && status < _statuses.Length && _statuses[status];
        return Exclude ? !found : found;
    }
}
