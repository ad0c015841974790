using Proxy.Integration.Tests.Infrastructure;
using Proxy.Integration.Tests.Xds;
using Proxy.Xds.Client;
using Proxy.Xds.Tests.ControlPlane;

namespace Proxy.Integration.Tests.Upstream;

/// <summary>
/// The proxy's own HTTP/1.1 upstream client against a raw upstream that answers byte for byte: connection reuse
/// and its limits, body framings both ways, interim responses, trailers, malformed responses, and connections
/// the upstream closes at awkward moments.
/// </summary>
public sealed class Http1ClientTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    [Fact]
    public async Task One_keep_alive_connection_carries_consecutive_requests()
    {
        await using var setup = await StartAsync(_ => new ScriptedReply(Ok));

        for (var i = 0; i < 3; i++)
        {
            var response = await Curl.GetAsync(setup.Url("/a"));
            Assert.Equal(200, response.Status);
            Assert.Equal("ok", response.Body);
        }

        Assert.Equal(1, setup.Upstream.Accepted);
        Assert.Equal(1, await setup.Proxy.StatAsync("cluster.backend.upstream_cx_total"));
        Assert.Equal(1, await setup.Proxy.StatAsync("cluster.backend.upstream_cx_http1_total"));
        Assert.Equal(1, await setup.Proxy.StatAsync("cluster.backend.upstream_cx_active"));
        Assert.StartsWith("GET /a HTTP/1.1", setup.Upstream.Requests.First().RequestLine);
    }

    [Fact]
    public async Task Interim_responses_are_not_relayed()
    {
        await using var setup = await StartAsync(_ => new ScriptedReply(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone"));

        var response = await Curl.GetAsync(setup.Url("/"));

        Assert.Equal(200, response.Status);
        Assert.Equal("done", response.Body);
        Assert.Null(response.Header("link"));
    }

    [Fact]
    public async Task A_close_delimited_body_is_relayed_whole_and_its_connection_is_not_reused()
    {
        var body = new string('x', 100_000);
        await using var setup = await StartAsync(_ => new ScriptedReply("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body, Close: true));

        var first = await Curl.GetAsync(setup.Url("/"));
        var second = await Curl.GetAsync(setup.Url("/"));

        Assert.Equal(body, first.Body);
        Assert.Equal(body, second.Body);
        Assert.Equal(2, setup.Upstream.Accepted);
    }

    [Fact]
    public async Task A_chunked_body_and_its_trailers_reach_an_http2_client()
    {
        await using var setup = await StartAsync(_ => new ScriptedReply(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: x-checksum\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nx-checksum: abc\r\n\r\n"));

        var result = await ExternalProcess.RunAsync("curl", ["-sS", "--http2-prior-knowledge", "-D", "-", setup.Url("/")], TimeSpan.FromSeconds(30));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("hello world", result.StdOut);
        Assert.Contains("x-checksum: abc", result.StdOut);
        Assert.Equal(1, setup.Upstream.Accepted);
    }

    [Theory]
    [InlineData("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nx-folded: a\r\n b\r\nContent-Length: 2\r\n\r\nok")]
    public async Task A_malformed_response_is_503_with_protocol_error(string reply)
    {
        await using var setup = await StartAsync(_ => new ScriptedReply(reply));

        var response = await Curl.GetAsync(setup.Url("/"));

        Assert.Equal(503, response.Status);
        Assert.Equal("upstream connect error or disconnect/reset before headers. reset reason: protocol error", response.Body);
    }

    [Fact]
    public async Task A_large_response_head_arrives_whole_and_one_past_the_limit_is_a_protocol_error()
    {
        var large = new string('v', 20_000);
        var tooLarge = new string('v', 100 * 1024);
        await using var setup = await StartAsync(r => new ScriptedReply(
            $"HTTP/1.1 200 OK\r\nx-large: {(r.RequestLine.Contains("/too-large", StringComparison.Ordinal) ? tooLarge : large)}\r\nContent-Length: 2\r\n\r\nok"));

        var fits = await Curl.GetAsync(setup.Url("/large"));
        var overflows = await Curl.GetAsync(setup.Url("/too-large"));

        Assert.Equal(200, fits.Status);
        Assert.Equal(large, fits.Header("x-large"));
        Assert.Equal("ok", fits.Body);
        Assert.Equal(503, overflows.Status);
        Assert.Equal("upstream connect error or disconnect/reset before headers. reset reason: protocol error", overflows.Body);
    }

    [Fact]
    public async Task A_connection_the_upstream_closed_while_idle_is_not_used_again()
    {
        await using var setup = await StartAsync(_ => new ScriptedReply(Ok, Close: true));

        Assert.Equal(200, (await Curl.GetAsync(setup.Url("/"))).Status);
        await Task.Delay(200);
        var second = await Curl.GetAsync(setup.Url("/"));

        Assert.Equal(200, second.Status);
        Assert.Equal(2, setup.Upstream.Accepted);
        Assert.Equal(2, setup.Upstream.Requests.Count);
    }

    [Fact]
    public async Task A_connection_the_upstream_sent_unrequested_bytes_on_while_idle_is_not_used_again()
    {
        await using var setup = await StartAsync(_ => new ScriptedReply(Ok, Later: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale"));

        Assert.Equal("ok", (await Curl.GetAsync(setup.Url("/"))).Body);
        await Task.Delay(300);
        var second = await Curl.GetAsync(setup.Url("/"));

        Assert.Equal(200, second.Status);
        Assert.Equal("ok", second.Body);
        Assert.Equal(2, setup.Upstream.Accepted);
    }

    [Fact]
    public async Task A_bodiless_request_that_meets_a_closing_connection_is_sent_again_on_a_new_one()
    {
        // The second request on each connection is read and then the connection closes unanswered, as when an
        // upstream's keep-alive timeout fires just as the request arrives.
        await using var setup = await StartAsync(r => r.OnConnection == 1 ? new ScriptedReply(Ok) : null);

        var first = await Curl.GetAsync(setup.Url("/one"));
        var second = await Curl.GetAsync(setup.Url("/two"));

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Equal(2, setup.Upstream.Accepted);
        Assert.Equal(["GET /one HTTP/1.1", "GET /two HTTP/1.1", "GET /two HTTP/1.1"], setup.Upstream.Requests.Select(r => r.RequestLine));
    }

    [Fact]
    public async Task A_request_with_a_body_that_meets_a_closing_connection_is_503_upstream_connection_termination()
    {
        await using var setup = await StartAsync(r => r.OnConnection == 1 ? new ScriptedReply(Ok) : null);

        Assert.Equal(200, (await Curl.GetAsync(setup.Url("/"))).Status);
        var posted = await Curl.GetAsync(setup.Url("/"), "-d", "payload");

        Assert.Equal(503, posted.Status);
        Assert.Equal("upstream connect error or disconnect/reset before headers. reset reason: connection termination", posted.Body);
        Assert.Equal(1, setup.Upstream.Accepted);
    }

    [Fact]
    public async Task Request_bodies_keep_their_framing()
    {
        await using var setup = await StartAsync(_ => new ScriptedReply(Ok));

        await Curl.GetAsync(setup.Url("/sized"), "-d", "abc");
        await Curl.GetAsync(setup.Url("/chunked"), "-H", "Transfer-Encoding: chunked", "-d", "hello world");
        await Curl.GetAsync(setup.Url("/empty"), "-X", "POST");

        var requests = setup.Upstream.Requests.ToArray();
        Assert.True(requests[0].HasHeaderLine("Content-Length: 3"), requests[0].Head);
        Assert.Equal("abc", requests[0].Body);
        Assert.True(requests[1].HasHeaderLine("Transfer-Encoding: chunked"), requests[1].Head);
        Assert.Equal("hello world", requests[1].Body);
        Assert.True(requests[2].HasHeaderLine("Content-Length: 0"), requests[2].Head);
        Assert.DoesNotContain("Expect:", requests[0].Head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, setup.Upstream.Accepted);
    }

    [Fact]
    public async Task A_head_response_has_no_body_whatever_its_content_length_says()
    {
        await using var setup = await StartAsync(r => r.RequestLine.StartsWith("HEAD", StringComparison.Ordinal)
            ? new ScriptedReply("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
            : new ScriptedReply(Ok));

        var head = await Curl.GetAsync(setup.Url("/"), "-I");
        var get = await Curl.GetAsync(setup.Url("/"));

        Assert.Equal(200, head.Status);
        Assert.Equal("1000", head.Header("content-length"));
        Assert.Equal("ok", get.Body);
        Assert.Equal(1, setup.Upstream.Accepted);
    }

    [Fact]
    public async Task A_body_cut_short_resets_the_downstream()
    {
        await using var setup = await StartAsync(_ => new ScriptedReply("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", Close: true));

        var response = await Curl.GetAsync(setup.Url("/"));

        Assert.NotEqual(0, response.ExitCode);
        Assert.Equal(0, await setup.Proxy.StatAsync("cluster.backend.upstream_cx_active"));
    }

    [Fact]
    public async Task Max_requests_per_connection_closes_a_connection_after_its_last_request()
    {
        await using var setup = await StartAsync(_ => new ScriptedReply(Ok), ProtocolOptions("common_http_protocol_options: { max_requests_per_connection: 1 }"));

        Assert.Equal(200, (await Curl.GetAsync(setup.Url("/"))).Status);
        Assert.Equal(200, (await Curl.GetAsync(setup.Url("/"))).Status);

        Assert.Equal(2, setup.Upstream.Accepted);
        Assert.Equal(2, await setup.Proxy.StatAsync("cluster.backend.upstream_cx_max_requests"));
        await Eventually.UntilAsync(() => setup.Upstream.ClosedByPeer == 2, "both upstream connections closed by the proxy");
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_the_idle_timeout()
    {
        await using var setup = await StartAsync(_ => new ScriptedReply(Ok), ProtocolOptions("common_http_protocol_options: { idle_timeout: 0.3s }"));

        Assert.Equal(200, (await Curl.GetAsync(setup.Url("/"))).Status);

        await Eventually.UntilAsync(() => setup.Upstream.ClosedByPeer == 1, "the idle upstream connection closed by the proxy");
        Assert.Equal(1, await setup.Proxy.StatAsync("cluster.backend.upstream_cx_idle_timeout"));
        Assert.Equal(0, await setup.Proxy.StatAsync("cluster.backend.upstream_cx_active"));
    }

    [Fact]
    public async Task An_idle_connection_is_closed_at_its_max_connection_duration()
    {
        await using var setup = await StartAsync(_ => new ScriptedReply(Ok), ProtocolOptions("common_http_protocol_options: { max_connection_duration: 0.5s }"));

        Assert.Equal(200, (await Curl.GetAsync(setup.Url("/"))).Status);

        await Eventually.UntilAsync(() => setup.Upstream.ClosedByPeer == 1, "the aged upstream connection closed by the proxy");
        Assert.Equal(1, await setup.Proxy.StatAsync("cluster.backend.upstream_cx_max_duration_reached"));
        Assert.Equal(0, await setup.Proxy.StatAsync("cluster.backend.upstream_cx_idle_timeout"));
    }

    [Fact]
    public async Task Connections_to_a_host_that_left_the_cluster_are_closed()
    {
        await using var first = ScriptedHttpUpstream.Start(_ => new ScriptedReply(Ok));
        await using var second = ScriptedHttpUpstream.Start(_ => new ScriptedReply(Ok));
        await using var cp = await TestControlPlane.StartAsync();
        var port = FreePort.Get();
        AdsTests.Publish(cp, "1", port, ("svc", first.Port));
        await using var proxy = await ProxyProcess.StartAsync(XdsResources.AdsBootstrap(cp.Port));
        Assert.Equal(200, (await Curl.GetAsync($"http://127.0.0.1:{port}/")).Status);

        cp.SetResources(XdsResourceType.ClusterLoadAssignment.TypeUrl, "2", XdsResources.Endpoints("svc", second.Port));

        await Eventually.UntilAsync(() => first.ClosedByPeer == 1, "the connection to the removed host closed by the proxy");
        Assert.Equal(200, (await Curl.GetAsync($"http://127.0.0.1:{port}/")).Status);
        Assert.Equal(1, second.Accepted);
        Assert.Equal(1, first.Accepted);
    }

    private static string ProtocolOptions(string commonOptions) => $$"""
        typed_extension_protocol_options:
          envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
            "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
            {{commonOptions}}
            explicit_http_config: { http_protocol_options: {} }
        """;

    private static async Task<Setup> StartAsync(Func<ScriptedRequest, ScriptedReply?> script, string clusterExtra = "")
    {
        var upstream = ScriptedHttpUpstream.Start(script);
        var port = FreePort.Get();
        var proxy = await ProxyProcess.StartAsync(Bootstraps.Http(port, Bootstraps.CatchAll("backend"), Bootstraps.StaticCluster("backend", extraYaml: clusterExtra, ports: upstream.Port)));
        return new Setup(upstream, proxy, port);
    }

    private sealed record Setup(ScriptedHttpUpstream Upstream, ProxyProcess Proxy, int Port) : IAsyncDisposable
    {
        public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

        public async ValueTask DisposeAsync()
        {
            await Proxy.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }
}
