using Microsoft.AspNetCore.Http;
using Proxy.Filters.AccessLog;

namespace Proxy.Filters.Formatting;

/// <summary>What one evaluation of a format sees: the stream, its HTTP exchange (null for TCP) and why it is logged.</summary>
internal readonly struct FormatContext
{
    public FormatContext(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType logType, string? localReplyBody, bool typedJson)
    {
        Info = info;
        Http = http;
        LogType = logType;
        LocalReplyBody = localReplyBody;
        TypedJson = typedJson;
    }

    public StreamInfo.StreamInfo Info { get; }

    public HttpContext? Http { get; }

    public AccessLogType LogType { get; }

    /// <summary>The body of a reply Envoy generated itself (<c>%LOCAL_REPLY_BODY%</c>), if any.</summary>
    public string? LocalReplyBody { get; }

    /// <summary>
    /// True while producing a value of a typed JSON format: commands whose text form is already JSON
    /// (<c>%FILTER_STATE(k:TYPED)%</c>) then report their JSON type instead of printing quoted text.
    /// </summary>
    public bool TypedJson { get; }
}
