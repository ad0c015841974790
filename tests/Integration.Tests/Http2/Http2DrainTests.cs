using Proxy.Integration.Tests.Infrastructure;
using Proxy.Integration.Tests.Lifecycle;
using Proxy.Integration.Tests.Xds;

namespace Proxy.Integration.Tests.Http2;

/// <summary>
/// Draining reaches idle h2c connections as GOAWAY: when the proxy shuts down on SIGTERM (this proxy drains then,
/// see Lifecycle/DrainTests; Envoy itself closes listeners at once on shutdown and drains on
/// /drain_listeners?graceful, /healthcheck/fail, hot restart and LDS changes), on /drain_listeners?graceful
/// (at once with --drain-strategy immediate) and when LDS removes the listener. Each test runs its own proxy.
/// </summary>
public sealed class Http2DrainTests : IClassFixture<UpstreamOnlyFixture>
{
    private const int SigTerm = 15;

    private readonly UpstreamOnlyFixture _fixture;

    public Http2DrainTests(UpstreamOnlyFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task SigtermSendsGoAwayToAnIdleConnectionAndClosesIt()
    {
        var port = FreePort.Get();
        await using var proxy = await StartProxyAsync(port, "--file-flush-interval-msec", "50", "--drain-time-s", "5");
        await using var client = await H2Client.StartAsync("h2_idle.py", port, "20", "/echo/before-sigterm");

        proxy.SendSignal(SigTerm);
        var report = await H2Client.ReportAsync(client, TimeSpan.FromSeconds(25));

        AssertGoAwayThenClose(report);
        Assert.Equal(0, await proxy.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task GracefulDrainListenersSendsGoAwayToAnIdleConnectionAndClosesIt()
    {
        var port = FreePort.Get();
        await using var proxy = await StartProxyAsync(port, "--drain-strategy", "immediate", "--drain-time-s", "60");
        await using var client = await H2Client.StartAsync("h2_idle.py", port, "20", "/echo/before-drain");

        Assert.Equal(200, (int)(await proxy.AdminPostAsync("/drain_listeners?graceful")).StatusCode);
        var report = await H2Client.ReportAsync(client, TimeSpan.FromSeconds(25));

        AssertGoAwayThenClose(report);
        Assert.False(proxy.HasExited);
    }

    [Fact]
    public async Task RemovingTheListenerSendsGoAwayToAnIdleConnectionAndClosesIt()
    {
        var dir = Directory.CreateTempSubdirectory("h2-drain-").FullName;
        try
        {
            var port = FreePort.Get();
            var cds = Path.Combine(dir, "cds.yaml");
            var lds = Path.Combine(dir, "lds.yaml");
            await File.WriteAllTextAsync(cds, XdsResources.StaticClusterFile(_fixture.Upstream.Port));
            await File.WriteAllTextAsync(lds, XdsResources.HttpListenerFile(port, """
                drain_timeout: 0.2s
                route_config:
                  name: local
                  virtual_hosts:
                  - name: all
                    domains: ["*"]
                    routes:
                    - match: { prefix: / }
                      route: { cluster: svc }
                """));
            await using var proxy = await ProxyStartup.StartAsync(
                XdsResources.FileBootstrap("h2-drain", cds, lds),
                ["--log-level", "info", "--file-flush-interval-msec", "50", "--drain-time-s", "2"],
                TimeSpan.FromSeconds(120));
            await Eventually.UntilAsync(async () => (await Curl.GetAsync($"http://127.0.0.1:{port}/")).Status, s => s == 200, "the listener from the LDS file serves");
            await using var client = await H2Client.StartAsync("h2_idle.py", port, "20", "/echo/before-removal");

            await XdsResources.ReplaceFileAsync(lds, "resources: []\n");
            var report = await H2Client.ReportAsync(client, TimeSpan.FromSeconds(25));

            AssertGoAwayThenClose(report);
            await Connections.WaitRefusedAsync(port, TimeSpan.FromSeconds(10));
            Assert.False(proxy.HasExited);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// This proxy: one GOAWAY (last stream 1, NO_ERROR), then the close, at once for an idle connection.
    /// Envoy: GOAWAY (last stream 2^31-1, NO_ERROR), after the HCM's drain_timeout (0.2 s here) a second one
    /// naming the last stream it processed, then the close (or the close when the drain time ends first). Both:
    /// NO_ERROR GOAWAYs that do not disown stream 1, which was answered, and the proxy closes the connection.
    /// </summary>
    private static void AssertGoAwayThenClose(H2Report report)
    {
        Assert.Equal(200, report.Stream("first").Status);
        Assert.NotEmpty(report.GoAways);
        Assert.All(report.GoAways, g => Assert.Equal("NO_ERROR", g.Error));
        Assert.All(report.GoAways, g => Assert.True(g.LastStream >= 1, report.Describe()));
        Assert.True(report.ClosedByProxy, $"the proxy closes the drained connection ({report.CloseReason}):\n{report.Describe()}");
    }

    /// <summary>A proxy with one listener "main" on <paramref name="port"/> (HCM drain_timeout 0.2 s) in front of the upstream.</summary>
    private Task<ProxyProcess> StartProxyAsync(int port, params string[] arguments) => ProxyStartup.StartAsync(
        Bootstraps.Server(
            Bootstraps.HttpListener("main", port, Bootstraps.CatchAll("up"), "drain_timeout: 0.2s"),
            Bootstraps.StaticCluster("up", ports: _fixture.Upstream.Port)),
        ["--log-level", "info", .. arguments],
        TimeSpan.FromSeconds(120));
}
