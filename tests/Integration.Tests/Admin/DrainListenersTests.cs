using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Admin;

/// <summary>POST /drain_listeners closes the data-plane listeners (new connections refused); the admin API stays up.</summary>
public sealed class DrainListenersTests : IClassFixture<DrainListenersFixture>
{
    private readonly DrainListenersFixture _fixture;

    public DrainListenersTests(DrainListenersFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task NewConnectionsAreRefusedAfterDrainListeners()
    {
        Assert.Equal(200, (await Curl.GetAsync(_fixture.Url("/"))).Status);

        Assert.Equal(200, (int)(await _fixture.Proxy.AdminPostAsync("/drain_listeners")).StatusCode);

        await Connections.WaitRefusedAsync(_fixture.Port, TimeSpan.FromSeconds(5));
        Assert.False(_fixture.Proxy.HasExited);
        Assert.Contains("\"state\"", await _fixture.Proxy.AdminGetAsync("/server_info"));
    }
}
