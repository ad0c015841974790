using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Http2;

/// <summary>
/// Requests from h2c clients (curl with prior knowledge, hyper-h2) forwarded to the upstream: what the upstream
/// receives, and responses without a body (HEAD, 204) and with trailers as the client receives them.
/// </summary>
[Collection(Http2Collection.Name)]
public sealed class Http2ForwardingTests
{
    private readonly Http2Fixture _fixture;

    public Http2ForwardingTests(Http2Fixture fixture) => _fixture = fixture;

    [Fact]
    public async Task CurlWithPriorKnowledgeGetsTheUpstreamsResponseOverHttp2()
    {
        var before = await _fixture.Proxy.StatAsync("http.main.downstream_rq_http2_total");

        var response = await Curl.GetAsync(_fixture.Url("/echo/curl?h2=1"), "--http2-prior-knowledge");

        Assert.True(response.ExitCode == 0, response.StdErr);
        Assert.Equal(200, response.Status);
        Assert.Equal("HTTP/2", response.HttpVersion);
        Assert.Equal("up", response.Header("x-upstream"));
        Assert.Equal("/echo/curl?h2=1", EchoResponse.Parse(response.Body).Path);
        await _fixture.Proxy.WaitAtLeastAsync("http.main.downstream_rq_http2_total", before + 1);
    }

    [Fact]
    public async Task TheUpstreamSeesAnHttp11RequestWithTheAuthorityAsHostAndEverythingElseKept()
    {
        var report = await H2Client.RunAsync(
            "h2_exchange.py", _fixture.Port, "PUT", "/echo/put?q=1&r=two",
            "--authority", "h2.example:8080", "--header", "x-test=1", "--body-bytes", "5");

        var stream = report.Stream("first");
        Assert.Equal(200, stream.Status);
        var echo = EchoResponse.Parse(stream.Body);
        Assert.Equal("PUT", echo.Method);
        Assert.Equal("/echo/put?q=1&r=two", echo.Path);
        Assert.Equal("HTTP/1.1", echo.Protocol);
        Assert.Equal("h2.example:8080", echo.Header("host"));
        Assert.Equal("1", echo.Header("x-test"));
        Assert.Equal(5, echo.BodyBytes);
        Assert.DoesNotContain(echo.Headers.Keys, name => name.StartsWith(':'));
    }

    [Fact]
    public async Task HeadIsAnsweredWithEndStreamOnTheHeadersAndNoData()
    {
        var report = await H2Client.RunAsync("h2_exchange.py", _fixture.Port, "HEAD", "/echo/head");

        var stream = report.Stream("first");
        Assert.Equal(200, stream.Status);
        Assert.True(stream.HeadersEndStream, report.Describe());
        Assert.DoesNotContain(report.Received("DATA"), f => f.Stream == report.Int("first"));
        Assert.Equal(0, stream.BodyLength);
    }

    [Fact]
    public async Task NoContentIsAnsweredWithEndStreamOnTheHeadersAndNoData()
    {
        var report = await H2Client.RunAsync("h2_exchange.py", _fixture.Port, "GET", "/no-content");

        var stream = report.Stream("first");
        Assert.Equal(204, stream.Status);
        Assert.Equal("scripted", stream.Header("x-upstream"));
        Assert.True(stream.HeadersEndStream, report.Describe());
        Assert.DoesNotContain(report.Received("DATA"), f => f.Stream == report.Int("first"));
    }

    [Fact]
    public async Task ResponseTrailersFromAnHttp2UpstreamArriveInAFinalHeadersFrame()
    {
        // gRPC's trailers (grpc-status, custom metadata) over h2c downstream are pinned by Grpc/GrpcTests with
        // grpcio's client; this is the plain HTTP form. The request carries trailers too, and its body must
        // still arrive whole.
        var report = await H2Client.RunAsync(
            "h2_exchange.py", _fixture.Port, "POST", "/h2up/trailers", "--body-bytes", "10", "--trailer", "x-request-checksum=r123");

        var id = report.Int("first");
        var stream = report.Stream("first");
        Assert.Equal(200, stream.Status);
        Assert.Equal("body with trailers", stream.Body);
        Assert.Equal("abc123", stream.Trailers.GetValueOrDefault("x-checksum"));
        var last = report.Frames.Last(f => f.Stream == id);
        Assert.True(last.Type == "HEADERS" && last.EndStream, report.Describe());
        Assert.Contains(_fixture.Upstream.Requests, r => r.RawTarget == "/trailers" && r.Protocol == "HTTP/2" && r.BodyBytes == 10);
    }
}
