using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Rbac;

/// <summary>The HTTP and network RBAC filters in a real proxy, driven by curl and raw sockets.</summary>
public sealed class RbacTests : IClassFixture<RbacFixture>
{
    private readonly RbacFixture _fixture;

    public RbacTests(RbacFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task AllowedRequestsReachTheUpstream()
    {
        var get = await Curl.GetAsync(_fixture.Url("/info/x"));
        var admin = await Curl.GetAsync(_fixture.Url("/anything"), "-X", "DELETE", "-H", "x-user: admin");
        var loopback = await Curl.GetAsync(_fixture.Url("/net"));

        Assert.Equal(200, get.Status);
        Assert.Equal(200, admin.Status);
        Assert.Equal(200, loopback.Status);
    }

    [Fact]
    public async Task DeniedRequestsGet403WithEnvoysBodyAndDetails()
    {
        var post = await Curl.GetAsync(_fixture.Url("/info"), "-X", "POST", "-H", "x-mark: denied-post");
        var wrongUser = await Curl.GetAsync(_fixture.Url("/info"), "-X", "PUT", "-H", "x-user: guest");
        var remote = await Curl.GetAsync(_fixture.Url("/remote"));

        Assert.Equal(403, post.Status);
        Assert.Equal("RBAC: access denied", post.Body);
        Assert.Equal(403, wrongUser.Status);
        Assert.Equal(403, remote.Status);
        var line = await AccessLogFile.WaitForLineAsync(_fixture.AccessLogPath, "denied-post");
        Assert.Equal("denied-post 403 rbac_access_denied_matched_policy[none]", line);
    }

    [Fact]
    public async Task PerRouteConfigTurnsRbacOffOrReplacesIt()
    {
        var open = await Curl.GetAsync(_fixture.Url("/public"), "-X", "POST");
        var disabled = await Curl.GetAsync(_fixture.Url("/disabled"), "-X", "POST");
        var locked = await Curl.GetAsync(_fixture.Url("/locked/info"), "-H", "x-mark: locked");

        Assert.Equal(200, open.Status);
        Assert.Equal(200, disabled.Status);
        Assert.Equal(403, locked.Status);
        var line = await AccessLogFile.WaitForLineAsync(_fixture.AccessLogPath, "locked");
        Assert.Equal("locked 403 rbac_access_denied_matched_policy[everything]", line);
    }

    [Fact]
    public async Task CountsEnforcedAndShadowDecisions()
    {
        var allowedBefore = await _fixture.Proxy.StatAsync("http.rbac.rbac.allowed");
        var deniedBefore = await _fixture.Proxy.StatAsync("http.rbac.rbac.denied");
        var shadowDeniedBefore = await _fixture.Proxy.StatAsync("http.rbac.rbac.dry_run_shadow_denied");

        // Allowed (x-user: admin), and denied by the shadow rules only: the shadow never blocks.
        var admin = await Curl.GetAsync(_fixture.Url("/admin/panel"), "-H", "x-user: admin");
        var denied = await Curl.GetAsync(_fixture.Url("/nothing"), "-X", "POST");

        Assert.Equal(200, admin.Status);
        Assert.Equal(403, denied.Status);
        Assert.True(await _fixture.Proxy.StatAsync("http.rbac.rbac.allowed") >= allowedBefore + 1);
        Assert.True(await _fixture.Proxy.StatAsync("http.rbac.rbac.denied") >= deniedBefore + 1);
        Assert.True(await _fixture.Proxy.StatAsync("http.rbac.rbac.dry_run_shadow_denied") >= shadowDeniedBefore + 1);
    }

    [Fact]
    public async Task NetworkRbacPassesAllowedConnections()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.TcpAllowedPort);
        await connection.SendAsync("ping");
        await connection.ReadUntilAsync(text => text == "ping");
        connection.ShutdownSend();
        await connection.ReadToEndAsync();

        Assert.Equal("pingBYE", connection.Received);
        Assert.True(await _fixture.Proxy.StatAsync("tcp_allowed.rbac.allowed") >= 1);
    }

    [Fact]
    public async Task NetworkRbacClosesDeniedConnectionsUnserved()
    {
        await using var connection = await RawConnection.ConnectAsync(_fixture.TcpDeniedPort);
        await connection.SendAsync("ping");

        var closed = await connection.ReadToEndAsync(TimeSpan.FromSeconds(10));

        Assert.True(closed);
        Assert.Equal("", connection.Received);
        Assert.True(await _fixture.Proxy.StatAsync("tcp_denied.rbac.denied") >= 1);
    }
}
