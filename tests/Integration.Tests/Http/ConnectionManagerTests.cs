using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Http;

/// <summary>The HTTP connection manager's header handling, limits, path handling and codecs, end to end.</summary>
public sealed class ConnectionManagerTests : IClassFixture<ConnectionManagerFixture>
{
    private readonly ConnectionManagerFixture _fixture;

    public ConnectionManagerTests(ConnectionManagerFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task RequestIdIsGeneratedWhenMissing()
    {
        var echo = await EchoAsync(_fixture.InnerPort);

        Assert.True(Guid.TryParse(echo.Header("x-request-id"), out _));
    }

    [Fact]
    public async Task RequestIdOfANonEdgeRequestIsPreserved()
    {
        var echo = await EchoAsync(_fixture.InnerPort, "-H", "x-request-id: client-chosen-id");

        Assert.Equal("client-chosen-id", echo.Header("x-request-id"));
    }

    [Fact]
    public async Task RequestIdOfAnEdgeRequestIsReplaced()
    {
        // preserve_external_request_id is false: an external client cannot choose the id.
        var echo = await EchoAsync(_fixture.EdgePort, "-H", "x-request-id: client-chosen-id");

        Assert.NotEqual("client-chosen-id", echo.Header("x-request-id"));
        Assert.True(Guid.TryParse(echo.Header("x-request-id"), out _));
    }

    [Fact]
    public async Task UseRemoteAddressAppendsToXffAndTrustsTheConnection()
    {
        var echo = await EchoAsync(_fixture.EdgePort, "-H", "x-forwarded-for: 203.0.113.9");

        // The client's entry stays first and the proxy appends one (Envoy appends the peer, or its own
        // address when the peer is loopback).
        var xff = echo.HeaderValues("x-forwarded-for");
        Assert.Equal(2, xff.Length);
        Assert.Equal("203.0.113.9", xff[0]);
        Assert.Equal("127.0.0.1", echo.Header("x-client"));
        Assert.Equal("127.0.0.1", echo.Header("x-envoy-external-address"));
    }

    [Fact]
    public async Task UseRemoteAddressWithoutXffStartsOne()
    {
        var echo = await EchoAsync(_fixture.EdgePort);

        Assert.Single(echo.HeaderValues("x-forwarded-for"));
    }

    [Fact]
    public async Task XffNumTrustedHopsPicksTheClientFromXff()
    {
        var echo = await EchoAsync(_fixture.TrustedPort, "-H", "x-forwarded-for: 198.51.100.1, 203.0.113.7");

        // One trusted hop: the last XFF entry before ours is the client (Envoy's getLastAddressFromXFF).
        Assert.Equal("203.0.113.7", echo.Header("x-client"));
        var xff = echo.HeaderValues("x-forwarded-for");
        Assert.Equal(3, xff.Length);
        Assert.Equal(["198.51.100.1", "203.0.113.7"], xff[..2]);
    }

    [Fact]
    public async Task ForwardedProtoFromAnUntrustedClientIsOverwritten()
    {
        var echo = await EchoAsync(_fixture.EdgePort, "-H", "x-forwarded-proto: https");

        Assert.Equal("http", echo.Header("x-forwarded-proto"));
    }

    [Fact]
    public async Task ForwardedProtoFromATrustedHopIsKept()
    {
        // Envoy overwrites x-forwarded-proto only when xff_num_trusted_hops is 0 or the header is absent.
        var echo = await EchoAsync(_fixture.TrustedPort, "-H", "x-forwarded-proto: https", "-H", "x-forwarded-for: 203.0.113.7");

        Assert.Equal("https", echo.Header("x-forwarded-proto"));
    }

    [Fact]
    public async Task ForwardedProtoIsSetWhenAbsentAndKeptBehindAProxy()
    {
        Assert.Equal("http", (await EchoAsync(_fixture.InnerPort)).Header("x-forwarded-proto"));
        Assert.Equal("https", (await EchoAsync(_fixture.InnerPort, "-H", "x-forwarded-proto: https")).Header("x-forwarded-proto"));
    }

    [Fact]
    public async Task InternalEnvoyHeadersFromAnExternalClientAreRemoved()
    {
        var echo = await EchoAsync(
            _fixture.EdgePort,
            "-H", "x-envoy-max-retries: 5",
            "-H", "x-envoy-retry-on: 5xx",
            "-H", "x-envoy-upstream-rq-timeout-ms: 1",
            "-H", "x-envoy-internal: true",
            "-H", "x-envoy-force-trace: 1",
            "-H", "x-envoy-downstream-service-cluster: spoofed",
            "-H", "x-envoy-external-address: 10.9.9.9");

        Assert.Null(echo.Header("x-envoy-max-retries"));
        Assert.Null(echo.Header("x-envoy-retry-on"));
        Assert.Null(echo.Header("x-envoy-upstream-rq-timeout-ms"));
        Assert.Null(echo.Header("x-envoy-internal"));
        Assert.Null(echo.Header("x-envoy-force-trace"));
        Assert.Null(echo.Header("x-envoy-downstream-service-cluster"));
        Assert.Equal("127.0.0.1", echo.Header("x-envoy-external-address"));
    }

    [Fact]
    public async Task ARequestWithoutXffBehindAProxyIsNotInternal()
    {
        // Without use_remote_address the client address comes from XFF; none means "not internal": no
        // x-envoy-internal, and the retry/timeout controls are removed (the edge-only ones stay).
        var echo = await EchoAsync(
            _fixture.InnerPort,
            "-H", "x-envoy-max-retries: 5",
            "-H", "x-envoy-downstream-service-cluster: caller");

        Assert.Null(echo.Header("x-envoy-internal"));
        Assert.Null(echo.Header("x-envoy-max-retries"));
        Assert.Equal("caller", echo.Header("x-envoy-downstream-service-cluster"));
    }

    [Fact]
    public async Task ARequestFromASingleInternalXffAddressIsInternal()
    {
        var echo = await EchoAsync(_fixture.InnerPort, "-H", "x-forwarded-for: 10.0.0.5", "-H", "x-envoy-max-retries: 5");

        Assert.Equal("true", echo.Header("x-envoy-internal"));
        Assert.Equal("5", echo.Header("x-envoy-max-retries"));
        Assert.Equal("10.0.0.5", echo.Header("x-client"));
    }

    [Fact]
    public async Task ServerNameOverwritesTheUpstreamsServerHeader()
    {
        var proxied = await Curl.GetAsync($"http://127.0.0.1:{_fixture.EdgePort}/");
        var direct = await Curl.GetAsync($"http://127.0.0.1:{_fixture.EdgePort}/direct");

        Assert.Equal("edge-proxy", proxied.Header("server"));
        Assert.Equal("edge-proxy", direct.Header("server"));
    }

    [Fact]
    public async Task PassThroughKeepsTheUpstreamsServerHeaderAndAddsNone()
    {
        var proxied = await Curl.GetAsync($"http://127.0.0.1:{_fixture.TrustedPort}/");
        var direct = await Curl.GetAsync($"http://127.0.0.1:{_fixture.TrustedPort}/direct");

        Assert.Equal("Kestrel", proxied.Header("server"));
        Assert.Null(direct.Header("server"));
    }

    [Fact]
    public async Task AppendIfAbsentAddsTheServerNameOnlyWhenMissing()
    {
        var proxied = await Curl.GetAsync($"http://127.0.0.1:{_fixture.InnerPort}/");
        var direct = await Curl.GetAsync($"http://127.0.0.1:{_fixture.InnerPort}/direct");

        Assert.Equal("Kestrel", proxied.Header("server"));
        Assert.Equal("envoy", direct.Header("server"));
    }

    [Fact]
    public async Task HeadersAboveMaxRequestHeadersKbAre431()
    {
        var small = await Curl.GetAsync($"http://127.0.0.1:{_fixture.EdgePort}/", "-H", "x-big: " + new string('a', 4 * 1024));
        var large = await Curl.GetAsync($"http://127.0.0.1:{_fixture.EdgePort}/", "-H", "x-big: " + new string('a', 9 * 1024));

        Assert.Equal(200, small.Status);
        Assert.Equal(431, large.Status);
    }

    [Fact]
    public async Task ContentLengthWithChunkedIs400AndClosesTheConnection()
    {
        var before = _fixture.Upstream.Requests.Count;
        await using var connection = await RawConnection.ConnectAsync(_fixture.InnerPort);

        // A smuggling attempt: two framings, then a second request the proxy must never see.
        await connection.SendAsync(
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
            + "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        var closed = await connection.ReadToEndAsync(TimeSpan.FromSeconds(10));

        Assert.True(closed, "the connection stayed open: " + connection.Received);
        Assert.StartsWith("HTTP/1.1 400", connection.Received);
        Assert.Equal(1, CountOccurrences(connection.Received, "HTTP/1.1 "));
        Assert.Equal(before, _fixture.Upstream.Requests.Count);
    }

    [Fact]
    public async Task UnderscoreHeadersAreRejectedWhenConfigured()
    {
        var before = await _fixture.Proxy.StatAsync("http.edge.requests_rejected_with_underscores_in_headers");

        var response = await Curl.GetAsync($"http://127.0.0.1:{_fixture.EdgePort}/", "-H", "x_under: 1");

        Assert.Equal(400, response.Status);
        Assert.Equal(before + 1, await _fixture.Proxy.StatAsync("http.edge.requests_rejected_with_underscores_in_headers"));
    }

    [Fact]
    public async Task UnderscoreHeadersAreDroppedWhenConfigured()
    {
        var before = await _fixture.Proxy.StatAsync("http.trusted.dropped_headers_with_underscores");

        var echo = await EchoAsync(_fixture.TrustedPort, "-H", "x_under: 1", "-H", "x-dash: 2");

        Assert.Null(echo.Header("x_under"));
        Assert.Equal("2", echo.Header("x-dash"));
        Assert.Equal(before + 1, await _fixture.Proxy.StatAsync("http.trusted.dropped_headers_with_underscores"));
    }

    [Fact]
    public async Task NormalizePathAndMergeSlashes()
    {
        var response = await Curl.GetAsync($"http://127.0.0.1:{_fixture.EdgePort}/a/../echo//x/./y", "--path-as-is");

        Assert.Equal(200, response.Status);
        Assert.Equal("/echo/x/y", EchoResponse.Parse(response.Body).Path);
    }

    [Fact]
    public async Task EscapedSlashesAreRedirectedToTheUnescapedPath()
    {
        var response = await Curl.GetAsync($"http://127.0.0.1:{_fixture.EdgePort}/echo%2Fx?q=1");

        Assert.Equal(307, response.Status);
        Assert.Equal("/echo/x?q=1", response.Header("location"));
    }

    [Fact]
    public async Task EscapedSlashesAreRejectedWhenConfigured()
    {
        var response = await Curl.GetAsync($"http://127.0.0.1:{_fixture.TrustedPort}/echo%2fx");

        Assert.Equal(400, response.Status);
    }

    [Fact]
    public async Task EscapedSlashesAreUnescapedAndForwardedWhenConfigured()
    {
        var response = await Curl.GetAsync($"http://127.0.0.1:{_fixture.H2OnlyPort}/echo%2Fx", "--http2-prior-knowledge");

        Assert.Equal("/echo/x", EchoResponse.Parse(response.Body).Path);
    }

    [Fact]
    public async Task EscapedSlashesAreKeptByDefault()
    {
        var echo = await EchoPathAsync(_fixture.InnerPort, "/echo%2Fx");

        Assert.Equal("/echo%2Fx", echo.Path);
    }

    [Fact]
    public async Task WebSocketEchoThroughTheProxy()
    {
        var result = await Python.RunAsync("websocket_echo_client.py", $"ws://127.0.0.1:{_fixture.EdgePort}/ws", "hello", "world");

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Equal(["hello", "world"], result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(await _fixture.Proxy.StatAsync("http.edge.downstream_cx_upgrades_total") >= 1);
    }

    [Fact]
    public async Task WebSocketWithoutUpgradeConfigIsForbidden()
    {
        var result = await Python.RunAsync("websocket_echo_client.py", $"ws://127.0.0.1:{_fixture.InnerPort}/ws", "hello");

        Assert.Equal("REFUSED 403", result.StdOut.Trim());
    }

    [Fact]
    public async Task Http11AndH2cOnTheSamePort()
    {
        var http1 = await Curl.GetAsync($"http://127.0.0.1:{_fixture.EdgePort}/echo");
        var h2c = await Curl.GetAsync($"http://127.0.0.1:{_fixture.EdgePort}/echo", "--http2-prior-knowledge");

        Assert.Equal((200, "HTTP/1.1"), (http1.Status, http1.HttpVersion));
        Assert.Equal((200, "HTTP/2"), (h2c.Status, h2c.HttpVersion));
    }

    [Fact]
    public async Task CodecHttp1RefusesH2c()
    {
        var http1 = await Curl.GetAsync($"http://127.0.0.1:{_fixture.InnerPort}/echo");
        var h2c = await Curl.GetAsync($"http://127.0.0.1:{_fixture.InnerPort}/echo", "--http2-prior-knowledge");

        Assert.Equal(200, http1.Status);
        Assert.NotEqual(200, h2c.Status);
    }

    [Fact]
    public async Task CodecHttp2RefusesHttp11()
    {
        var h2c = await Curl.GetAsync($"http://127.0.0.1:{_fixture.H2OnlyPort}/echo", "--http2-prior-knowledge");
        var http1 = await Curl.GetAsync($"http://127.0.0.1:{_fixture.H2OnlyPort}/echo");

        Assert.Equal((200, "HTTP/2"), (h2c.Status, h2c.HttpVersion));
        Assert.NotEqual(200, http1.Status);
    }

    private static Task<EchoResponse> EchoAsync(int port, params string[] extra) => EchoPathAsync(port, "/echo", extra);

    private static async Task<EchoResponse> EchoPathAsync(int port, string path, params string[] extra)
    {
        var response = await Curl.GetAsync($"http://127.0.0.1:{port}{path}", extra);
        Assert.True(response.Status == 200, $"status {response.Status}: {response.Body}{response.StdErr}");
        return EchoResponse.Parse(response.Body);
    }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
