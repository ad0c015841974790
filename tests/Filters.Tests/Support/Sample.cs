using System.Net;
using Microsoft.AspNetCore.Http;
using Proxy.Filters.StreamInfo;

namespace Proxy.Filters.Tests.Support;

/// <summary>A filled stream and HTTP exchange: the request of Envoy's documented default-format example.</summary>
public static class Sample
{
    public const long Start = 50_000_000;

    public static readonly DateTimeOffset StartTime = new(2016, 4, 15, 20, 17, 0, 310, TimeSpan.Zero);

    /// <summary>Milliseconds after <see cref="Start"/> as a timestamp of <see cref="ManualTimeProvider"/> (100 ns ticks).</summary>
    public static long At(double milliseconds) => Start + (long)(milliseconds * TimeSpan.TicksPerMillisecond);

    public static StreamInfo.StreamInfo Info()
    {
        var info = new StreamInfo.StreamInfo
        {
            StartTime = StartTime,
            StartTimestamp = Start,
            LastDownstreamRxByteReceived = At(12.9),
            FirstUpstreamTxByteSent = At(15),
            LastUpstreamTxByteSent = At(20.5),
            FirstUpstreamRxByteReceived = At(120.99),
            LastUpstreamRxByteReceived = At(200),
            FirstDownstreamTxByteSent = At(121),
            LastDownstreamTxByteSent = At(225.5),
            CompletedTimestamp = At(226.7),
            ResponseCode = 204,
            ResponseCodeDetails = "via_upstream",
            Protocol = "HTTP/2",
            BytesReceived = 154,
            BytesSent = 0,
            RouteName = "default",
            UpstreamClusterName = "outbound|80||locations.default.svc.cluster.local",
            UpstreamHost = "10.0.2.1:80",
            UpstreamLocalAddress = new IPEndPoint(IPAddress.Parse("10.0.1.5"), 40312),
            DownstreamLocalAddress = new IPEndPoint(IPAddress.Parse("10.0.1.5"), 8080),
            DownstreamRemoteAddress = new IPEndPoint(IPAddress.Parse("10.0.35.28"), 51234),
            DownstreamDirectRemoteAddress = new IPEndPoint(IPAddress.Parse("10.0.0.7"), 43210),
            RequestedServerName = "locations.default.svc",
            FilterChainName = "chain-0",
            ConnectionId = 42,
            RequestId = "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2",
            AttemptCount = 1,
        };
        return info;
    }

    public static DefaultHttpContext Http()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Scheme = "http";
        http.Request.Path = "/api/v1/locations";
        http.Request.Host = new HostString("locations");
        http.Request.Protocol = "HTTP/2";
        http.Request.Headers["x-forwarded-for"] = "10.0.35.28";
        http.Request.Headers["user-agent"] = "nsq2http";
        http.Request.Headers["x-request-id"] = "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2";
        http.Response.StatusCode = 204;
        http.Response.Headers["x-envoy-upstream-service-time"] = "100";
        return http;
    }
}
