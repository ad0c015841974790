using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Authz;

/// <summary>envoy.filters.http.ext_authz against a real gRPC authorization server (python grpcio), driven by curl.</summary>
public sealed class ExtAuthzTests : IClassFixture<ExtAuthzFixture>
{
    private readonly ExtAuthzFixture _fixture;

    public ExtAuthzTests(ExtAuthzFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task AllowedRequestsCarryTheServersHeadersBothWays()
    {
        var response = await Curl.GetAsync(_fixture.Url("/echo/allowed?q=1"), "-H", "x-secret: s3", "-H", "x-mark: allowed-1");

        Assert.Equal(200, response.Status);
        var echo = EchoResponse.Parse(response.Body);
        Assert.Equal("alice", echo.Header("x-authz-user"));
        Assert.Null(echo.Header("x-secret"));
        Assert.Equal("yes", response.Header("x-authz-resp"));
    }

    [Fact]
    public async Task TheCheckRequestDescribesTheRequest()
    {
        var response = await Curl.GetAsync(_fixture.Url("/echo/described?a=b"), "-X", "POST", "-H", "x-mark: described", "--data-binary", "hello body");

        Assert.Equal(200, response.Status);
        var check = _fixture.Checks().Single(c => c.Attributes.Request.Http.Headers.GetValueOrDefault("x-mark") == "described");
        var http = check.Attributes.Request.Http;
        Assert.Equal("POST", http.Method);
        Assert.Equal("/echo/described?a=b", http.Path);
        Assert.Equal($"127.0.0.1:{_fixture.Port}", http.Host);
        Assert.Equal("hello body", http.Body);
        Assert.Equal(10, http.Size);
        Assert.Equal("POST", http.Headers[":method"]);
        Assert.Equal((uint)_fixture.Port, check.Attributes.Destination.Address.SocketAddress.PortValue);
        Assert.Equal("127.0.0.1", check.Attributes.Source.Address.SocketAddress.Address);
        Assert.Equal(10, EchoResponse.Parse(response.Body).BodyBytes);
    }

    [Fact]
    public async Task DeniedRequestsGetTheServersStatusHeadersAndBody()
    {
        var before = await _fixture.Proxy.StatAsync("http.authz.ext_authz.denied");

        var response = await Curl.GetAsync(_fixture.Url("/echo/x"), "-H", "x-verdict: deny-me");

        Assert.Equal(401, response.Status);
        Assert.Equal("go away", response.Body);
        Assert.Equal("authz", response.Header("x-denied-by"));
        Assert.True(await _fixture.Proxy.StatAsync("http.authz.ext_authz.denied") > before);
    }

    [Fact]
    public async Task ATimeoutFailsClosedWith403()
    {
        var response = await Curl.GetAsync(_fixture.Url("/echo/x"), "-H", "x-verdict: slow-me");

        Assert.Equal(403, response.Status);
        Assert.True(await _fixture.Proxy.StatAsync("http.authz.ext_authz.error") >= 1);
    }

    [Fact]
    public async Task ABodyOverTheLimitGets413()
    {
        var response = await Curl.GetAsync(_fixture.Url("/echo/x"), "--data-binary", new string('x', 100));

        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task PerRouteSettingsDisableOrAddContext()
    {
        var open = await Curl.GetAsync(_fixture.Url("/echo/open"), "-H", "x-verdict: deny-me");
        var ctx = await Curl.GetAsync(_fixture.Url("/echo/ctx"), "-H", "x-mark: ctx-1");

        Assert.Equal(200, open.Status);
        Assert.Equal(200, ctx.Status);
        var check = _fixture.Checks().Single(c => c.Attributes.Request.Http.Headers.GetValueOrDefault("x-mark") == "ctx-1");
        Assert.Equal("payments", check.Attributes.ContextExtensions["team"]);
    }

    [Fact]
    public async Task FailureModeAllowLetsRequestsThroughMarked()
    {
        var response = await Curl.GetAsync($"http://127.0.0.1:{_fixture.FailOpenPort}/echo/x");

        Assert.Equal(200, response.Status);
        Assert.Equal("true", EchoResponse.Parse(response.Body).Header("x-envoy-auth-failure-mode-allowed"));
        Assert.True(await _fixture.Proxy.StatAsync("http.failopen.ext_authz.failure_mode_allowed") >= 1);
    }

    [Fact]
    public async Task OnlyRequestsMarkedByTheRbacShadowPolicyAreChecked()
    {
        var guarded = await Curl.GetAsync($"http://127.0.0.1:{_fixture.GatedPort}/echo/guarded", "-H", "x-verdict: deny-me");
        var free = await Curl.GetAsync($"http://127.0.0.1:{_fixture.GatedPort}/echo/free", "-H", "x-verdict: deny-me");

        Assert.Equal(401, guarded.Status);
        Assert.Equal(200, free.Status);
        Assert.True(await _fixture.Proxy.StatAsync("http.gated.ext_authz.disabled") >= 1);
    }

    [Fact]
    public async Task TheFiltersAfterTheCheckRunOnceItAnswers()
    {
        var blocked = await Curl.GetAsync($"http://127.0.0.1:{_fixture.ChainedPort}/echo/blocked", "-H", "x-mark: chained-blocked");
        var passed = await Curl.GetAsync($"http://127.0.0.1:{_fixture.ChainedPort}/echo/passed", "-H", "x-mark: chained-passed");

        Assert.Equal(403, blocked.Status);
        Assert.Equal("RBAC: access denied", blocked.Body);
        Assert.Single(_fixture.Checks(), c => c.Attributes.Request.Http.Headers.GetValueOrDefault("x-mark") == "chained-blocked");
        Assert.Equal(200, passed.Status);
        Assert.Equal("alice", EchoResponse.Parse(passed.Body).Header("x-authz-user"));
    }
}
