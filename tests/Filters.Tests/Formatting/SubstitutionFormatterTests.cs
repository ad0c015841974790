using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Filters.AccessLog;
using Proxy.Filters.Formatting;
using Proxy.Filters.StreamInfo;
using Proxy.Filters.Tests.Support;

namespace Proxy.Filters.Tests.Formatting;

public sealed class SubstitutionFormatterTests
{
    private static readonly FormatterOptions Options = new()
    {
        TimeProvider = new ManualTimeProvider(),
        HostName = "node-1",
        GetEnvironmentVariable = name => name == "POD_NAME" ? "reviews-v1-abc" : null,
    };

    [Theory]
    [InlineData("%REQ(:METHOD)%", "POST")]
    [InlineData("%REQ(:PATH)%", "/api/v1/locations")]
    [InlineData("%REQ(:AUTHORITY)%", "locations")]
    [InlineData("%REQ(:SCHEME)%", "http")]
    [InlineData("%REQ(:PROTOCOL)%", "-")]
    [InlineData("%REQ(USER-AGENT)%", "nsq2http")]
    [InlineData("%REQ(user-agent)%", "nsq2http")]
    [InlineData("%REQ(USER-AGENT):3%", "nsq")]
    [InlineData("%REQ(X-MISSING?USER-AGENT)%", "nsq2http")]
    [InlineData("%REQ(USER-AGENT?X-REQUEST-ID)%", "nsq2http")]
    [InlineData("%REQ(X-MISSING?X-ALSO-MISSING)%", "-")]
    [InlineData("%REQ(X-MISSING)%", "-")]
    [InlineData("%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%", "100")]
    [InlineData("%RESP(:STATUS)%", "204")]
    [InlineData("%RESP(X-MISSING)%", "-")]
    [InlineData("%TRAILER(GRPC-MESSAGE)%", "-")]
    [InlineData("%RESPONSE_CODE%", "204")]
    [InlineData("%RESPONSE_CODE_DETAILS%", "via_upstream")]
    [InlineData("%CONNECTION_TERMINATION_DETAILS%", "-")]
    [InlineData("%RESPONSE_FLAGS%", "-")]
    [InlineData("%RESPONSE_FLAGS_LONG%", "-")]
    [InlineData("%BYTES_RECEIVED%", "154")]
    [InlineData("%BYTES_SENT%", "0")]
    [InlineData("%DURATION%", "226")]
    [InlineData("%REQUEST_DURATION%", "12")]
    [InlineData("%REQUEST_TX_DURATION%", "20")]
    [InlineData("%RESPONSE_DURATION%", "120")]
    [InlineData("%RESPONSE_TX_DURATION%", "104")]
    [InlineData("%UPSTREAM_REQUEST_ATTEMPT_COUNT%", "1")]
    [InlineData("%PROTOCOL%", "HTTP/2")]
    [InlineData("%UPSTREAM_PROTOCOL%", "-")]
    [InlineData("%UPSTREAM_HOST%", "10.0.2.1:80")]
    [InlineData("%UPSTREAM_CLUSTER%", "outbound|80||locations.default.svc.cluster.local")]
    [InlineData("%UPSTREAM_CLUSTER_RAW%", "outbound|80||locations.default.svc.cluster.local")]
    [InlineData("%UPSTREAM_LOCAL_ADDRESS%", "10.0.1.5:40312")]
    [InlineData("%UPSTREAM_LOCAL_ADDRESS_WITHOUT_PORT%", "10.0.1.5")]
    [InlineData("%UPSTREAM_LOCAL_PORT%", "40312")]
    [InlineData("%UPSTREAM_REMOTE_ADDRESS%", "10.0.2.1:80")]
    [InlineData("%UPSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%", "10.0.2.1")]
    [InlineData("%UPSTREAM_REMOTE_PORT%", "80")]
    [InlineData("%UPSTREAM_TRANSPORT_FAILURE_REASON%", "-")]
    [InlineData("%DOWNSTREAM_REMOTE_ADDRESS%", "10.0.35.28:51234")]
    [InlineData("%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%", "10.0.35.28")]
    [InlineData("%DOWNSTREAM_REMOTE_PORT%", "51234")]
    [InlineData("%DOWNSTREAM_DIRECT_REMOTE_ADDRESS%", "10.0.0.7:43210")]
    [InlineData("%DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT%", "10.0.0.7")]
    [InlineData("%DOWNSTREAM_DIRECT_REMOTE_PORT%", "43210")]
    [InlineData("%DOWNSTREAM_LOCAL_ADDRESS%", "10.0.1.5:8080")]
    [InlineData("%DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT%", "10.0.1.5")]
    [InlineData("%DOWNSTREAM_LOCAL_PORT%", "8080")]
    [InlineData("%REQUESTED_SERVER_NAME%", "locations.default.svc")]
    [InlineData("%ROUTE_NAME%", "default")]
    [InlineData("%VIRTUAL_CLUSTER_NAME%", "-")]
    [InlineData("%FILTER_CHAIN_NAME%", "chain-0")]
    [InlineData("%CONNECTION_ID%", "42")]
    [InlineData("%UPSTREAM_CONNECTION_ID%", "0")]
    [InlineData("%HOSTNAME%", "node-1")]
    [InlineData("%ENVIRONMENT(POD_NAME)%", "reviews-v1-abc")]
    [InlineData("%ENVIRONMENT(POD_NAME):7%", "reviews")]
    [InlineData("%ENVIRONMENT(NOT_SET)%", "-")]
    [InlineData("%DYNAMIC_METADATA(istio.mixer:status)%", "-")]
    [InlineData("%CLUSTER_METADATA(istio:appid):10%", "-")]
    [InlineData("%UPSTREAM_METADATA(envoy.lb:canary)%", "-")]
    [InlineData("%STREAM_ID%", "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2")]
    [InlineData("%DOWNSTREAM_TLS_VERSION%", "-")]
    [InlineData("%DOWNSTREAM_PEER_URI_SAN%", "-")]
    [InlineData("%DOWNSTREAM_LOCAL_URI_SAN%", "-")]
    [InlineData("%UPSTREAM_TLS_CIPHER%", "-")]
    [InlineData("%DOWNSTREAM_PEER_CERT_V_START(%s)%", "-")]
    [InlineData("%ACCESS_LOG_TYPE%", "DownstreamEnd")]
    [InlineData("%LOCAL_REPLY_BODY%", "")]
    [InlineData("%GRPC_STATUS%", "-")]
    [InlineData("100%% of %REQ(:METHOD)%%%", "100% of POST%")]
    [InlineData("plain text", "plain text")]
    [InlineData("", "")]
    public void CommandsPrintEnvoysValues(string format, string expected)
    {
        Assert.Equal(expected, Format(format, Sample.Info(), Sample.Http()));
    }

    [Fact]
    public void PathIncludesPathBaseAndQuery()
    {
        var http = Sample.Http();
        http.Request.PathBase = "/base";
        http.Request.QueryString = new QueryString("?a=1&b=2");

        Assert.Equal("/base/api/v1/locations?a=1&b=2", Format("%REQ(:PATH)%", Sample.Info(), http));
        Assert.Equal("/base/api/v1/locations", Format("%REQ_WITHOUT_QUERY(:PATH)%", Sample.Info(), http));
        Assert.Equal("/base/api/v1/l", Format("%REQ(:PATH):14%", Sample.Info(), http));
    }

    [Fact]
    public void ReqWithoutQueryStripsQueriesOfOrdinaryHeaders()
    {
        var http = Sample.Http();
        http.Request.Headers["x-envoy-original-path"] = "/orig?secret=1";

        Assert.Equal("/orig", Format("%REQ_WITHOUT_QUERY(X-ENVOY-ORIGINAL-PATH?:PATH)%", Sample.Info(), http));
    }

    [Fact]
    public void ProtocolPseudoHeaderIsTheExtendedConnectProtocol()
    {
        var http = Sample.Http();
        http.Features.Set<IHttpExtendedConnectFeature>(new ExtendedConnect("websocket"));

        Assert.Equal("websocket", Format("%REQ(:PROTOCOL)%", Sample.Info(), http));
    }

    [Fact]
    public void PresentButEmptyHeaderPrintsNothingRatherThanDash()
    {
        var http = Sample.Http();
        http.Request.Headers["x-empty"] = string.Empty;

        Assert.Equal("[]", Format("[%REQ(X-EMPTY?USER-AGENT)%]", Sample.Info(), http));
    }

    [Fact]
    public void RepeatedHeaderPrintsItsFirstValue()
    {
        var http = Sample.Http();
        http.Request.Headers["x-forwarded-for"] = new[] { "1.1.1.1", "2.2.2.2" };

        Assert.Equal("1.1.1.1", Format("%REQ(X-FORWARDED-FOR)%", Sample.Info(), http));
    }

    [Fact]
    public void HeadersRecordedInStreamInfoWinForResponsesAndServeRequestsWithoutHttpContext()
    {
        var info = Sample.Info();
        info.ResponseHeaders = new HeaderDictionary { ["x-from-info"] = "yes" };
        info.RequestHeaders = new HeaderDictionary { ["x-req"] = "r" };
        info.ResponseTrailers = new HeaderDictionary { ["grpc-message"] = "bad thing" };

        Assert.Equal("yes", Format("%RESP(X-FROM-INFO)%", info, Sample.Http()));
        Assert.Equal("r", Format("%REQ(X-REQ)%", info, http: null));
        Assert.Equal("bad thing", Format("%TRAILER(GRPC-MESSAGE)%", info, Sample.Http()));
    }

    [Fact]
    public void TrailersAreReadFromKestrelsTrailerFeatureWhenNotRecorded()
    {
        var http = Sample.Http();
        http.Features.Set<IHttpResponseTrailersFeature>(new TrailerFeature { Trailers = { ["grpc-message"] = "oops" } });

        Assert.Equal("oops", Format("%TRAILER(GRPC-MESSAGE)%", Sample.Info(), http));
    }

    [Fact]
    public void ResponseFlagsPrintShortAndLongNames()
    {
        var info = Sample.Info();
        info.SetResponseFlag(ResponseFlags.UpstreamConnectionFailure);
        info.SetResponseFlag(ResponseFlags.UpstreamRetryLimitExceeded);

        Assert.Equal("UF,URX", Format("%RESPONSE_FLAGS%", info, null));
        Assert.Equal("UpstreamConnectionFailure,UpstreamRetryLimitExceeded", Format("%RESPONSE_FLAGS_LONG%", info, null));
    }

    [Fact]
    public void DetailsAndReasonsHaveTheirWhitespaceReplaced()
    {
        var info = Sample.Info();
        info.ResponseCodeDetails = "upstream_reset_before_response_started{connection failure}\tx";
        info.UpstreamTransportFailureReason = "TLS error: 268435581:SSL routines";
        info.ConnectionTerminationDetails = "max connection duration";

        Assert.Equal("upstream_reset_before_response_started{connection_failure}_x", Format("%RESPONSE_CODE_DETAILS%", info, null));
        Assert.Equal("upstream_reset_before_response_started{connection failure}\tx", Format("%RESPONSE_CODE_DETAILS(ALLOW_WHITESPACES)%", info, null));
        Assert.Equal("TLS_error:_268435581:SSL_routines", Format("%UPSTREAM_TRANSPORT_FAILURE_REASON%", info, null));
        Assert.Equal("max connection duration", Format("%CONNECTION_TERMINATION_DETAILS%", info, null));
    }

    [Fact]
    public void InvalidServerNameIsSanitizedAndMarked()
    {
        var info = Sample.Info();
        info.RequestedServerName = "evil name\"x";

        Assert.Equal("invalid:evil_name_x", Format("%REQUESTED_SERVER_NAME%", info, null));
    }

    [Fact]
    public void Ipv6AndUnixAddressesFollowEnvoysRendering()
    {
        var info = Sample.Info();
        info.DownstreamRemoteAddress = new IPEndPoint(IPAddress.IPv6Loopback, 8443);
        info.DownstreamLocalAddress = new UnixDomainSocketEndPoint("/var/run/proxy.sock");

        Assert.Equal("[::1]:8443 ::1 8443", Format("%DOWNSTREAM_REMOTE_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT% %DOWNSTREAM_REMOTE_PORT%", info, null));
        Assert.Equal("/var/run/proxy.sock /var/run/proxy.sock []", Format("%DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT% [%DOWNSTREAM_LOCAL_PORT%]", info, null));
    }

    [Fact]
    public void UpstreamRemoteAddressSplitsAnIpv6Host()
    {
        var info = Sample.Info();
        info.UpstreamHost = "[fd00::5]:9080";

        Assert.Equal("[fd00::5]:9080 fd00::5 9080", Format("%UPSTREAM_REMOTE_ADDRESS% %UPSTREAM_REMOTE_ADDRESS_WITHOUT_PORT% %UPSTREAM_REMOTE_PORT%", info, null));
    }

    [Fact]
    public void MissingAddressesAndHostPrintDash()
    {
        var info = new StreamInfo.StreamInfo();

        Assert.Equal("- - - - -", Format("%DOWNSTREAM_REMOTE_ADDRESS% %UPSTREAM_LOCAL_PORT% %UPSTREAM_HOST% %UPSTREAM_REMOTE_PORT% %START_TIME%", info, null));
    }

    [Fact]
    public void HostNameDefaultsToTheSystemHostName()
    {
        Assert.Equal(System.Net.Dns.GetHostName(), SubstitutionFormatter.Parse("%HOSTNAME%").Format(Sample.Info()));
    }

    [Fact]
    public void StreamIdWithoutARequestIdIsDash()
    {
        Assert.Equal("-", Format("%STREAM_ID%", new StreamInfo.StreamInfo(), null));
    }

    [Fact]
    public void AbstractUnixSocketsPrintWithAnAtSign()
    {
        var info = Sample.Info();
        info.DownstreamDirectRemoteAddress = new UnixDomainSocketEndPoint("\0envoy-admin");

        Assert.Equal("@envoy-admin", Format("%DOWNSTREAM_DIRECT_REMOTE_ADDRESS%", info, null));
    }

    [Fact]
    public void DurationOfAnUnfinishedStreamIsMeasuredToNow()
    {
        var clock = new ManualTimeProvider();
        var info = new StreamInfo.StreamInfo { StartTimestamp = clock.GetTimestamp() };
        var formatter = SubstitutionFormatter.Parse("%DURATION% %REQUEST_DURATION% %RESPONSE_TX_DURATION%", options: new FormatterOptions { TimeProvider = clock });
        clock.Advance(TimeSpan.FromMilliseconds(5.9));

        Assert.Equal("5 - -", formatter.Format(info));
    }

    [Fact]
    public void FilterStatePrintsPlainOrJsonForms()
    {
        var info = Sample.Info();
        info.FilterState["envoy.filters.listener.original_dst.local_ip"] = "10.0.0.9";
        info.FilterState["retries"] = 3;
        info.FilterState["sampled"] = true;

        Assert.Equal("10.0.0.9", Format("%FILTER_STATE(envoy.filters.listener.original_dst.local_ip:PLAIN)%", info, null));
        Assert.Equal("\"10.0.0.9\"", Format("%FILTER_STATE(envoy.filters.listener.original_dst.local_ip:TYPED)%", info, null));
        Assert.Equal("\"10.0.0.9\"", Format("%FILTER_STATE(envoy.filters.listener.original_dst.local_ip)%", info, null));
        Assert.Equal("10.0", Format("%FILTER_STATE(envoy.filters.listener.original_dst.local_ip:PLAIN):4%", info, null));
        Assert.Equal("3 true", Format("%FILTER_STATE(retries)% %FILTER_STATE(sampled:PLAIN)%", info, null));
        Assert.Equal("-", Format("%FILTER_STATE(io.istio.baggage:PLAIN)%", info, null));
    }

    [Fact]
    public void GrpcStatusComesFromTrailersThenHeadersThenTheHttpStatus()
    {
        var http = Sample.Http();
        http.Request.Headers.ContentType = "application/grpc+proto";
        var info = Sample.Info();
        info.ResponseCode = 503;

        Assert.Equal("Unavailable UNAVAILABLE 14 14", Format("%GRPC_STATUS% %GRPC_STATUS(SNAKE_STRING)% %GRPC_STATUS(NUMBER)% %GRPC_STATUS_NUMBER%", info, http));

        http.Response.Headers["grpc-status"] = "1";
        Assert.Equal("Canceled CANCELLED", Format("%GRPC_STATUS(CAMEL_STRING)% %GRPC_STATUS(SNAKE_STRING)%", info, http));

        info.ResponseTrailers = new HeaderDictionary { ["grpc-status"] = "3" };
        Assert.Equal("InvalidArgument 3", Format("%GRPC_STATUS% %GRPC_STATUS_NUMBER%", info, http));

        info.ResponseTrailers = new HeaderDictionary { ["grpc-status"] = "42" };
        Assert.Equal("42 42", Format("%GRPC_STATUS% %GRPC_STATUS(SNAKE_STRING)%", info, http));
    }

    [Fact]
    public void GrpcStatusOfANonGrpcRequestIsDash()
    {
        var info = Sample.Info();
        info.ResponseTrailers = new HeaderDictionary { ["grpc-status"] = "0" };

        Assert.Equal("-", Format("%GRPC_STATUS%", info, Sample.Http()));
    }

    [Fact]
    public void UniqueIdIsAVersion4UuidFromTheInjectedRandomness()
    {
        var formatter = SubstitutionFormatter.Parse("%UNIQUE_ID%", options: new FormatterOptions { Random = new Random(7) });
        var same = SubstitutionFormatter.Parse("%UNIQUE_ID%", options: new FormatterOptions { Random = new Random(7) });

        var first = formatter.Format(Sample.Info());
        var second = formatter.Format(Sample.Info());

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", first);
        Assert.NotEqual(first, second);
        Assert.Equal(first, same.Format(Sample.Info()));
    }

    [Fact]
    public void AccessLogTypeAndLocalReplyBodyComeFromTheCall()
    {
        var formatter = SubstitutionFormatter.Parse("%ACCESS_LOG_TYPE% %LOCAL_REPLY_BODY%");

        Assert.Equal("TcpConnectionEnd no healthy upstream", formatter.Format(Sample.Info(), null, AccessLogType.TcpConnectionEnd, "no healthy upstream"));
    }

    [Fact]
    public void OmitEmptyValuesPrintsNothingForMissingValues()
    {
        var formatter = SubstitutionFormatter.Parse("[%UPSTREAM_PROTOCOL%|%REQ(X-MISSING)%|%PROTOCOL%]", omitEmptyValues: true);

        Assert.Equal("[||HTTP/2]", formatter.Format(Sample.Info(), Sample.Http()));
    }

    [Fact]
    public void FormatWritesToATextWriterAndUtf8()
    {
        var formatter = SubstitutionFormatter.Parse("%REQ(USER-AGENT)% é\n");
        var writer = new StringWriter();
        var bytes = new System.Buffers.ArrayBufferWriter<byte>();

        formatter.Format(writer, Sample.Info(), Sample.Http());
        var count = formatter.FormatUtf8(bytes, Sample.Info(), Sample.Http());

        Assert.Equal("nsq2http é\n", writer.ToString());
        Assert.Equal("nsq2http é\n"u8.ToArray(), bytes.WrittenSpan.ToArray());
        Assert.Equal(12, count);
    }

    [Fact]
    public void LongValuesGrowTheBuffer()
    {
        var http = Sample.Http();
        var big = new string('x', 100_000);
        http.Request.Headers["x-big"] = big;

        Assert.Equal($"<{big}>", Format("<%REQ(X-BIG)%>", Sample.Info(), http));
    }

    private static string Format(string format, StreamInfo.StreamInfo info, HttpContext? http) =>
        SubstitutionFormatter.Parse(format, options: Options).Format(info, http, AccessLogType.DownstreamEnd);

    private sealed class ExtendedConnect(string protocol) : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect => true;

        public string? Protocol => protocol;

        public ValueTask<System.IO.Stream> AcceptAsync() => throw new NotSupportedException();
    }

    private sealed class TrailerFeature : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }
}
