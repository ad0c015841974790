namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// Starting a proxy a test owns: like <see cref="ProxyProcess.StartAsync"/> but with a deadline given by the
/// caller (a loaded CI machine can take more than ProxyProcess's 30 s to start a .NET process), and the
/// process is killed when it never becomes ready instead of being left behind.
/// </summary>
public static class ProxyStartup
{
    public static async Task<ProxyProcess> StartAsync(string bootstrapYaml, IEnumerable<string> arguments, TimeSpan readyWithin)
    {
        var proxy = await ProxyProcess.StartAsync(bootstrapYaml, arguments, waitReady: false);
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.UntilAsync(
                async () => proxy.HasExited || await IsReadyAsync(client, proxy),
                ready => ready,
                "the proxy answers /ready",
                readyWithin);
            if (proxy.HasExited)
            {
                throw new InvalidOperationException($"the proxy exited with {proxy.ExitCode}:\n{proxy.Output}");
            }

            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> IsReadyAsync(HttpClient client, ProxyProcess proxy)
    {
        try
        {
            using var response = await client.GetAsync(proxy.AdminUrl + "/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
