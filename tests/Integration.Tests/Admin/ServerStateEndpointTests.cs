using System.Text.Json;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Admin;

/// <summary>/ready, /server_info, /healthcheck/*, the help text and POST-only endpoints, as Envoy's admin serves them.</summary>
[Collection(AdminCollection.Name)]
public sealed class ServerStateEndpointTests
{
    private readonly AdminFixture _fixture;

    public ServerStateEndpointTests(AdminFixture fixture) => _fixture = fixture;

    private ProxyProcess Proxy => _fixture.Proxy;

    [Fact]
    public async Task ReadyIs200Live()
    {
        var (status, body) = await AdminResponses.SendAsync(Proxy.AdminUrl, HttpMethod.Get, "/ready");

        Assert.Equal(200, status);
        Assert.Equal("LIVE\n", body);
    }

    [Fact]
    public async Task ServerInfoIsJsonWithStateAndCommandLineOptions()
    {
        using var json = JsonDocument.Parse(await Proxy.AdminGetAsync("/server_info"));
        var root = json.RootElement;

        Assert.Equal("LIVE", root.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("version").GetString()));
        var options = root.GetProperty("command_line_options");
        Assert.EndsWith("bootstrap.yaml", options.GetProperty("config_path").GetString());
        Assert.Equal("0.050s", options.GetProperty("file_flush_interval").GetString());
    }

    [Fact]
    public async Task HealthcheckFailTurnsServerLiveOffAndReadyTo503()
    {
        try
        {
            Assert.Equal(200, (await AdminResponses.SendAsync(Proxy.AdminUrl, HttpMethod.Post, "/healthcheck/fail")).Status);

            Assert.Equal(0, await Proxy.StatAsync("server.live"));

            // Envoy's /ready and /server_info report DRAINING while health checks are failed
            // (Utility::serverState(init state, healthCheckFailed)).
            var (status, body) = await AdminResponses.SendAsync(Proxy.AdminUrl, HttpMethod.Get, "/ready");
            Assert.Equal(503, status);
            Assert.Equal("DRAINING\n", body);
            using var info = JsonDocument.Parse(await Proxy.AdminGetAsync("/server_info"));
            Assert.Equal("DRAINING", info.RootElement.GetProperty("state").GetString());
        }
        finally
        {
            Assert.Equal(200, (await AdminResponses.SendAsync(Proxy.AdminUrl, HttpMethod.Post, "/healthcheck/ok")).Status);
        }

        Assert.Equal(1, await Proxy.StatAsync("server.live"));
        Assert.Equal((200, "LIVE\n"), await AdminResponses.SendAsync(Proxy.AdminUrl, HttpMethod.Get, "/ready"));
    }

    [Fact]
    public async Task UnknownPathIs404WithTheListOfEndpoints()
    {
        var (status, body) = await AdminResponses.SendAsync(Proxy.AdminUrl, HttpMethod.Get, "/no_such_endpoint");

        Assert.Equal(404, status);
        Assert.StartsWith("invalid path. admin commands are:\n", body);
        Assert.Contains("\n  /ready: ", body);
        Assert.Contains("\n  /stats/prometheus: ", body);

        // Envoy marks the state-changing endpoints in the list.
        Assert.Contains("\n  /quitquitquit (POST): exit the server\n", body);
        Assert.Contains("\n  /healthcheck/fail (POST): ", body);
    }

    [Theory]
    [InlineData("/quitquitquit")]
    [InlineData("/healthcheck/fail")]
    [InlineData("/drain_listeners")]
    [InlineData("/logging")]
    public async Task GetOnAMutatingEndpointIs405AndChangesNothing(string path)
    {
        var (status, body) = await AdminResponses.SendAsync(Proxy.AdminUrl, HttpMethod.Get, path);

        Assert.Equal(405, status);
        Assert.Equal("Method GET not allowed, POST required.", body);
        Assert.Equal((200, "LIVE\n"), await AdminResponses.SendAsync(Proxy.AdminUrl, HttpMethod.Get, "/ready"));
        Assert.Equal(200, (await Curl.GetAsync(_fixture.Url("/"))).Status);
    }
}
