using System.Net;
using System.Net.Sockets;
using Envoy.Config.Core.V3;
using Envoy.Data.Accesslog.V3;
using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.StreamInfo;
using DataAccessLogType = Envoy.Data.Accesslog.V3.AccessLogType;
using ProtoFlags = Envoy.Data.Accesslog.V3.ResponseFlags;
using ResponseFlags = Proxy.Filters.StreamInfo.ResponseFlags;
using SocketAddress = Envoy.Config.Core.V3.SocketAddress;

namespace Proxy.Filters.AccessLog.Grpc;

/// <summary>
/// Turns a finished stream into the envoy.data.accesslog.v3 entries the gRPC access log service receives:
/// AccessLogCommon (addresses, start time and the byte timings as durations since the start, upstream, route,
/// response flags) and, for HTTP, the request and response properties plus the headers the config names.
/// </summary>
internal sealed class AccessLogEntryBuilder
{
    private readonly TimeProvider _time;
    private readonly string[] _requestHeaders;
    private readonly string[] _responseHeaders;

    public AccessLogEntryBuilder(TimeProvider time, IEnumerable<string> requestHeaders, IEnumerable<string> responseHeaders)
    {
        _time = time;
        _requestHeaders = [.. requestHeaders];
        _responseHeaders = [.. responseHeaders];
    }

    public HTTPAccessLogEntry Http(StreamInfo.StreamInfo info, Microsoft.AspNetCore.Http.HttpContext? http, AccessLogType type)
    {
        var entry = new HTTPAccessLogEntry
        {
            CommonProperties = Common(info, type),
            ProtocolVersion = info.Protocol switch
            {
                "HTTP/1.0" => HTTPAccessLogEntry.Types.HTTPVersion.Http10,
                "HTTP/1.1" => HTTPAccessLogEntry.Types.HTTPVersion.Http11,
                "HTTP/2" => HTTPAccessLogEntry.Types.HTTPVersion.Http2,
                "HTTP/3" => HTTPAccessLogEntry.Types.HTTPVersion.Http3,
                _ => HTTPAccessLogEntry.Types.HTTPVersion.ProtocolUnspecified,
            },
            Request = new HTTPRequestProperties { RequestBodyBytes = info.BytesReceived, RequestId = info.RequestId ?? string.Empty },
            Response = new HTTPResponseProperties { ResponseBodyBytes = info.BytesSent, ResponseCodeDetails = info.ResponseCodeDetails ?? string.Empty },
        };
        if (info.ResponseCode > 0)
        {
            entry.Response.ResponseCode = (uint)info.ResponseCode;
        }

        if (info.RequestHeaders is { } request)
        {
            var properties = entry.Request;
            // Kestrel keeps the pseudo-headers on the request, not in the header dictionary.
            properties.RequestMethod = MethodOf(http?.Request.Method ?? string.Empty);
            properties.Scheme = request["x-forwarded-proto"].Count > 0 ? request["x-forwarded-proto"].ToString() : http?.Request.Scheme ?? string.Empty;
            properties.Authority = request["host"].ToString();
            properties.Path = http is null ? string.Empty : http.Request.PathBase.Value + http.Request.Path.Value + http.Request.QueryString.Value;
            properties.UserAgent = request["user-agent"].ToString();
            properties.Referer = request["referer"].ToString();
            properties.ForwardedFor = request["x-forwarded-for"].ToString();
            properties.OriginalPath = request["x-envoy-original-path"].ToString();
            foreach (var name in _requestHeaders)
            {
                if (request.TryGetValue(name, out var value))
                {
                    properties.RequestHeaders[name] = value.ToString();
                }
            }
        }

        if (info.ResponseHeaders is { } response)
        {
            foreach (var name in _responseHeaders)
            {
                if (response.TryGetValue(name, out var value))
                {
                    entry.Response.ResponseHeaders[name] = value.ToString();
                }
            }
        }

        return entry;
    }

    public AccessLogCommon Common(StreamInfo.StreamInfo info, AccessLogType type)
    {
        var common = new AccessLogCommon
        {
            SampleRate = 1.0,
            StartTime = Timestamp.FromDateTimeOffset(info.StartTime),
            UpstreamCluster = info.UpstreamClusterName ?? string.Empty,
            RouteName = info.RouteName ?? string.Empty,
            UpstreamTransportFailureReason = info.UpstreamTransportFailureReason ?? string.Empty,
            ConnectionTerminationDetails = info.ConnectionTerminationDetails ?? string.Empty,
            UpstreamRequestAttemptCount = (uint)Math.Max(0, info.AttemptCount),
            AccessLogType = (DataAccessLogType)(int)type,
            ResponseFlags = FlagsOf(info),
            DownstreamRemoteAddress = AddressOf(info.DownstreamRemoteAddress),
            DownstreamLocalAddress = AddressOf(info.DownstreamLocalAddress),
            DownstreamDirectRemoteAddress = AddressOf(info.DownstreamDirectRemoteAddress),
            UpstreamLocalAddress = AddressOf(info.UpstreamLocalAddress),
            UpstreamRemoteAddress = info.UpstreamHost is { } host && IPEndPoint.TryParse(host, out var upstream) ? AddressOf(upstream) : null,
            TimeToLastRxByte = Since(info, info.LastDownstreamRxByteReceived),
            TimeToFirstUpstreamTxByte = Since(info, info.FirstUpstreamTxByteSent),
            TimeToLastUpstreamTxByte = Since(info, info.LastUpstreamTxByteSent),
            TimeToFirstUpstreamRxByte = Since(info, info.FirstUpstreamRxByteReceived),
            TimeToLastUpstreamRxByte = Since(info, info.LastUpstreamRxByteReceived),
            TimeToFirstDownstreamTxByte = Since(info, info.FirstDownstreamTxByteSent),
            TimeToLastDownstreamTxByte = Since(info, info.LastDownstreamTxByteSent),
            Duration = Since(info, info.CompletedTimestamp),
        };
        return common;
    }

    private Duration? Since(StreamInfo.StreamInfo info, long timestamp) =>
        timestamp == 0 ? null : Duration.FromTimeSpan(_time.GetElapsedTime(info.StartTimestamp, timestamp));

    private static Address? AddressOf(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip => new Address { SocketAddress = new SocketAddress { Address = ip.Address.ToString(), PortValue = (uint)ip.Port } },
        UnixDomainSocketEndPoint unix => new Address { Pipe = new Pipe { Path = unix.ToString() } },
        _ => null,
    };

    private static RequestMethod MethodOf(string method) => method switch
    {
        "GET" => RequestMethod.Get,
        "HEAD" => RequestMethod.Head,
        "POST" => RequestMethod.Post,
        "PUT" => RequestMethod.Put,
        "DELETE" => RequestMethod.Delete,
        "CONNECT" => RequestMethod.Connect,
        "OPTIONS" => RequestMethod.Options,
        "TRACE" => RequestMethod.Trace,
        "PATCH" => RequestMethod.Patch,
        _ => RequestMethod.MethodUnspecified,
    };

    private static ProtoFlags? FlagsOf(StreamInfo.StreamInfo info)
    {
        var f = info.ResponseFlags;
        if (f == ResponseFlags.None)
        {
            return null;
        }

        return new ProtoFlags
        {
            FailedLocalHealthcheck = (f & ResponseFlags.FailedLocalHealthCheck) != 0,
            NoHealthyUpstream = (f & ResponseFlags.NoHealthyUpstream) != 0,
            UpstreamRequestTimeout = (f & ResponseFlags.UpstreamRequestTimeout) != 0,
            LocalReset = (f & ResponseFlags.LocalReset) != 0,
            UpstreamRemoteReset = (f & ResponseFlags.UpstreamRemoteReset) != 0,
            UpstreamConnectionFailure = (f & ResponseFlags.UpstreamConnectionFailure) != 0,
            UpstreamConnectionTermination = (f & ResponseFlags.UpstreamConnectionTermination) != 0,
            UpstreamOverflow = (f & ResponseFlags.UpstreamOverflow) != 0,
            NoRouteFound = (f & ResponseFlags.NoRouteFound) != 0,
            DelayInjected = (f & ResponseFlags.DelayInjected) != 0,
            FaultInjected = (f & ResponseFlags.FaultInjected) != 0,
            RateLimited = (f & ResponseFlags.RateLimited) != 0,
            RateLimitServiceError = (f & ResponseFlags.RateLimitServiceError) != 0,
            DownstreamConnectionTermination = (f & ResponseFlags.DownstreamConnectionTermination) != 0,
            UpstreamRetryLimitExceeded = (f & ResponseFlags.UpstreamRetryLimitExceeded) != 0,
            StreamIdleTimeout = (f & ResponseFlags.StreamIdleTimeout) != 0,
            InvalidEnvoyRequestHeaders = (f & ResponseFlags.InvalidEnvoyRequestHeaders) != 0,
            DownstreamProtocolError = (f & ResponseFlags.DownstreamProtocolError) != 0,
            UpstreamMaxStreamDurationReached = (f & ResponseFlags.UpstreamMaxStreamDurationReached) != 0,
            ResponseFromCacheFilter = (f & ResponseFlags.ResponseFromCacheFilter) != 0,
            NoFilterConfigFound = (f & ResponseFlags.NoFilterConfigFound) != 0,
            DurationTimeout = (f & ResponseFlags.DurationTimeout) != 0,
            UpstreamProtocolError = (f & ResponseFlags.UpstreamProtocolError) != 0,
            NoClusterFound = (f & ResponseFlags.NoClusterFound) != 0,
            OverloadManager = (f & ResponseFlags.OverloadManager) != 0,
            DnsResolutionFailure = (f & ResponseFlags.DnsResolutionFailed) != 0,
            DownstreamRemoteReset = (f & ResponseFlags.DownstreamRemoteReset) != 0,
        };
    }
}
