using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Memory;

/// <summary>What a proxy that serves plain HTTP keeps mapped: no TLS library (OpenSSL is ~4 MB resident).</summary>
public class ResidentLibrariesTests
{
    [Fact]
    public async Task ForwardingPlainHttpWithGeneratedRequestIdsDoesNotLoadOpenSsl()
    {
        await using var upstream = await TestUpstream.StartAsync("backend");
        var port = FreePort.Get();
        await using var proxy = await ProxyProcess.StartAsync(Bootstraps.Http(port, Bootstraps.CatchAll("backend"), Bootstraps.StaticCluster("backend", ports: upstream.Port)));

        for (var i = 0; i < 3; i++)
        {
            var response = await Curl.GetAsync($"http://127.0.0.1:{port}/echo");
            Assert.Equal(200, response.Status);
        }

        Assert.Equal(3, upstream.Requests.Count);
        Assert.All(upstream.Requests, seen => Assert.True(Guid.TryParse(seen.Headers["x-request-id"], out _)));
        var maps = await File.ReadAllLinesAsync($"/proc/{proxy.Pid}/maps");
        Assert.DoesNotContain(maps, line => line.Contains("libssl", StringComparison.Ordinal) || line.Contains("libcrypto", StringComparison.Ordinal));
    }
}
