using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Http;

/// <summary>
/// A '#' in the request path (clients never send a fragment; a crafted one could slip past path rules):
/// 400 path_normalization_failed by default as in Envoy, or cut off before routing and forwarding when the
/// bootstrap's runtime turns envoy.reloadable_features.http_reject_path_with_fragment off, as Istio's does.
/// </summary>
public sealed class PathFragmentTests
{
    [Fact]
    public async Task APathWithAFragmentIs400ByDefault()
    {
        await using var upstream = await TestUpstream.StartAsync("backend");
        var port = FreePort.Get();
        await using var proxy = await ProxyProcess.StartAsync(Bootstraps.Http(port, Bootstraps.CatchAll("backend"), Bootstraps.StaticCluster("backend", ports: upstream.Port)));

        var response = await SendAsync(port, "/echo#admin");

        Assert.StartsWith("HTTP/1.1 400", response);
        Assert.Empty(upstream.Requests);
        Assert.Equal(1, await proxy.StatAsync("http.ingress.downstream_rq_failed_path_normalization"));
    }

    [Fact]
    public async Task TheFragmentIsCutOffWhenTheRuntimeSaysSo()
    {
        await using var upstream = await TestUpstream.StartAsync("backend");
        var port = FreePort.Get();
        var bootstrap = Bootstraps.Http(port, """
            - name: all
              domains: ["*"]
              routes:
              - match: { path: "/echo/admin" }
                direct_response: { status: 403 }
              - match: { prefix: "/" }
                route: { cluster: backend }
            """, Bootstraps.StaticCluster("backend", ports: upstream.Port)) + """

            layered_runtime:
              layers:
              - name: global config
                static_layer:
                  envoy.reloadable_features.http_reject_path_with_fragment: false
              - name: admin
                admin_layer: {}
            """;
        await using var proxy = await ProxyProcess.StartAsync(bootstrap);

        var forwarded = await SendAsync(port, "/echo/x?q=1#frag");
        var ruled = await SendAsync(port, "/echo/admin#x");

        Assert.StartsWith("HTTP/1.1 200", forwarded);
        Assert.Equal("/echo/x?q=1", Assert.Single(upstream.Requests).RawTarget);
        Assert.StartsWith("HTTP/1.1 403", ruled);
        Assert.Equal(0, await proxy.StatAsync("http.ingress.downstream_rq_failed_path_normalization"));
    }

    private static async Task<string> SendAsync(int port, string target)
    {
        await using var connection = await RawConnection.ConnectAsync(port);
        await connection.SendAsync($"GET {target} HTTP/1.1\r\nHost: backend\r\nConnection: close\r\n\r\n");
        await connection.ReadUntilAsync(_ => false, TimeSpan.FromSeconds(10));
        return connection.Received;
    }
}
