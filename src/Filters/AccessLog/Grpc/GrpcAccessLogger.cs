using Envoy.Data.Accesslog.V3;
using Microsoft.AspNetCore.Http;
using Proxy.Filters.AccessLog.Filters;

namespace Proxy.Filters.AccessLog.Grpc;

/// <summary>
/// envoy.access_loggers.http_grpc / tcp_grpc: each stream that passes the filter becomes an HTTPAccessLogEntry or
/// TCPAccessLogEntry (envoy.data.accesslog.v3) sent over the logger's <see cref="GrpcLogStream"/>.
/// </summary>
internal sealed class GrpcAccessLogger : IAccessLogger
{
    private readonly GrpcLogStream _stream;
    private readonly IAccessLogFilter? _filter;
    private readonly bool _http;
    private readonly AccessLogEntryBuilder _entries;

    public GrpcAccessLogger(GrpcLogStream stream, IAccessLogFilter? filter, bool http, AccessLogEntryBuilder entries)
    {
        _stream = stream;
        _filter = filter;
        _http = http;
        _entries = entries;
    }

    public void Log(StreamInfo.StreamInfo info, HttpContext? http, AccessLogType type)
    {
        if (_filter is not null && !_filter.Evaluate(info, http, type))
        {
            return;
        }

        if (_http)
        {
            _stream.Enqueue(_entries.Http(info, http, type));
        }
        else
        {
            _stream.Enqueue(new TCPAccessLogEntry { CommonProperties = _entries.Common(info, type) });
        }
    }
}
