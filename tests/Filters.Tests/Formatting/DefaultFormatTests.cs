using Proxy.Filters.AccessLog;
using Proxy.Filters.Formatting;
using Proxy.Filters.Tests.Support;

namespace Proxy.Filters.Tests.Formatting;

public sealed class DefaultFormatTests
{
    [Fact]
    public void DefaultFormatIsEnvoys()
    {
        Assert.Equal(
            "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% " +
            "%BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" " +
            "\"%REQ(USER-AGENT)%\" \"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\"\n",
            LogFormat.DefaultFormatString);
    }

    [Fact]
    public void DefaultFormatPrintsEnvoysDocumentedExampleLine()
    {
        var info = Sample.Info();
        info.UpstreamHost = "tcp://10.0.2.1:80";
        var clock = new ManualTimeProvider();
        var format = LogFormat.Default(new FormatterOptions { TimeProvider = clock });

        var line = format.Formatter.Format(info, Sample.Http(), AccessLogType.DownstreamEnd);

        Assert.Equal(
            "[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 204 - 154 0 226 100 \"10.0.35.28\" \"nsq2http\" " +
            "\"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" \"tcp://10.0.2.1:80\"\n",
            line);
        Assert.Equal(LogFormat.TextContentType, format.ContentType);
    }

    [Fact]
    public void DefaultFormatPrefersTheOriginalPathOverARewrittenOne()
    {
        var http = Sample.Http();
        http.Request.Path = "/v1/locations";
        http.Request.Headers["x-envoy-original-path"] = "/api/v1/locations";

        var line = LogFormat.Default().Formatter.Format(Sample.Info(), http);

        Assert.Contains("\"POST /api/v1/locations HTTP/2\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultFormatOnATcpStreamPrintsDashesForHttpFields()
    {
        var info = new StreamInfo.StreamInfo
        {
            StartTime = Sample.StartTime,
            StartTimestamp = Sample.Start,
            CompletedTimestamp = Sample.At(1500),
            BytesReceived = 10,
            BytesSent = 20,
            UpstreamHost = "10.0.2.1:9000",
        };

        var line = LogFormat.Default(new FormatterOptions { TimeProvider = new ManualTimeProvider() }).Formatter.Format(info, http: null, AccessLogType.TcpConnectionEnd);

        Assert.Equal("[2016-04-15T20:17:00.310Z] \"- - -\" 0 - 10 20 1500 - \"-\" \"-\" \"-\" \"-\" \"10.0.2.1:9000\"\n", line);
    }
}
