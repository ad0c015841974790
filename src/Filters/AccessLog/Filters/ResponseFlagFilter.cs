using Microsoft.AspNetCore.Http;
using Proxy.Filters.StreamInfo;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary><c>response_flag_filter</c>: true when any of the listed flags is set; an empty list means any flag.</summary>
public sealed class ResponseFlagFilter : IAccessLogFilter
{
    public ResponseFlagFilter(ResponseFlags flags) => Flags = flags;

    /// <summary>The flags to look for; <see cref="ResponseFlags.None"/> for "any".</summary>
    public ResponseFlags Flags { get; }

    public bool Evaluate(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type) =>
        Flags == ResponseFlags.None ? info.ResponseFlags != ResponseFlags.None : (info.ResponseFlags & Flags) != 0;
}
