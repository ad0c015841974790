using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Xds;

/// <summary>
/// File-based xDS as in Envoy's dynamic-config-fs example: lds_config and cds_config name YAML files holding a
/// DiscoveryResponse; replacing a file (write beside it, then mv over it) applies the new content, and an
/// invalid file is rejected while the last good configuration keeps serving.
/// </summary>
public sealed class FileXdsTests
{
    [Fact]
    public async Task Replacing_the_files_changes_what_is_served_and_an_invalid_file_changes_nothing()
    {
        await using var one = await TestUpstream.StartAsync("one");
        await using var two = await TestUpstream.StartAsync("two");
        var dir = Directory.CreateTempSubdirectory("file-xds-").FullName;
        var port = FreePort.Get();
        var cds = Path.Combine(dir, "cds.yaml");
        var lds = Path.Combine(dir, "lds.yaml");
        await File.WriteAllTextAsync(cds, XdsResources.StaticClusterFile(one.Port));
        await File.WriteAllTextAsync(lds, Listeners(port, "/"));

        await using var proxy = await ProxyProcess.StartAsync(XdsResources.FileBootstrap("file-xds", cds, lds));
        var first = await Curl.GetAsync($"http://127.0.0.1:{port}/");

        await XdsResources.ReplaceFileAsync(cds, XdsResources.StaticClusterFile(two.Port));
        await Eventually.UntilAsync(async () => (await Curl.GetAsync($"http://127.0.0.1:{port}/")).Header("x-upstream"), u => u == "two", "cluster file applied");

        await XdsResources.ReplaceFileAsync(lds, Listeners(port, "/only"));
        await Eventually.UntilAsync(async () => (await Curl.GetAsync($"http://127.0.0.1:{port}/")).Status, s => s == 404, "listener file applied");

        await XdsResources.ReplaceFileAsync(lds, Listeners(port, "/only").Replace("prefix: /only", "safe_regex: { regex: '(unclosed' }", StringComparison.Ordinal));
        await Eventually.UntilAsync(() => proxy.StatAsync("listener_manager.lds.update_rejected"), n => n == 1, "invalid listener file rejected");
        var afterInvalid = await Curl.GetAsync($"http://127.0.0.1:{port}/only/x");

        Assert.Equal("one", first.Header("x-upstream"));
        Assert.Equal(200, afterInvalid.Status);
        Assert.Equal("two", afterInvalid.Header("x-upstream"));
        Assert.True(await proxy.StatAsync("cluster_manager.cds.update_success") >= 2);
        Assert.True(await proxy.StatAsync("listener_manager.lds.update_success") >= 2);
        Directory.Delete(dir, recursive: true);
    }

    private static string Listeners(int port, string prefix) => XdsResources.HttpListenerFile(port, $$"""
        route_config:
          name: local
          virtual_hosts:
          - name: all
            domains: ["*"]
            routes:
            - match: { prefix: {{prefix}} }
              route: { cluster: svc }
        """);
}
