using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Lifecycle;

/// <summary>
/// Shutting down as Envoy does: SIGTERM or POST /quitquitquit stops the listeners at once (new connections
/// are refused), lets in-flight requests finish within --drain-time-s, then the process exits 0.
/// </summary>
public sealed class DrainTests : IClassFixture<UpstreamOnlyFixture>
{
    private const int SigTerm = 15;

    private readonly UpstreamOnlyFixture _fixture;

    public DrainTests(UpstreamOnlyFixture fixture) => _fixture = fixture;

    [Fact]
    public Task SigtermFinishesTheInFlightRequestRefusesNewConnectionsAndExits0() =>
        DrainAsync(proxy =>
        {
            proxy.SendSignal(SigTerm);
            return Task.CompletedTask;
        });

    [Fact]
    public Task QuitQuitQuitFinishesTheInFlightRequestRefusesNewConnectionsAndExits0() =>
        DrainAsync(async proxy => Assert.Equal(200, (int)(await proxy.AdminPostAsync("/quitquitquit")).StatusCode));

    private async Task DrainAsync(Func<ProxyProcess, Task> stop)
    {
        var port = FreePort.Get();
        await using var proxy = await ProxyStartup.StartAsync(
            _fixture.Bootstrap(port),
            ["--log-level", "info", "--file-flush-interval-msec", "50", "--drain-time-s", "5"],
            TimeSpan.FromSeconds(120));
        var id = Guid.NewGuid().ToString("N");
        var slow = Curl.GetAsync($"http://127.0.0.1:{port}/delay/1500?id={id}");
        await Eventually.UntilAsync(() => _fixture.Upstream.Requests.Any(r => r.RawTarget.Contains(id, StringComparison.Ordinal)), "the slow request reached the upstream");

        await stop(proxy);

        await Connections.WaitRefusedAsync(port, TimeSpan.FromSeconds(5));
        var response = await slow;
        Assert.Equal(200, response.Status);
        Assert.Equal("delayed 1500", response.Body);
        Assert.Equal(0, await proxy.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }
}
