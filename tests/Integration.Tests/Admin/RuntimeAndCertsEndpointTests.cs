using System.Text.Json;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Admin;

/// <summary>/runtime and /certs as Envoy prints them (istioctl bug-report fetches both).</summary>
public sealed class RuntimeAndCertsEndpointTests
{
    [Fact]
    public async Task RuntimeListsEachKeyPerLayerAndItsFinalValue()
    {
        var port = FreePort.Get();
        var bootstrap = Bootstraps.Http(port, Bootstraps.CatchAll("backend"), Bootstraps.StaticCluster("backend", ports: FreePort.Get())) + """

            layered_runtime:
              layers:
              - name: global config
                static_layer:
                  re2.max_program_size.error_level: "32768"
                  envoy: { reloadable_features: { http_reject_path_with_fragment: false } }
              - name: override
                static_layer:
                  re2.max_program_size.error_level: 100
              - name: admin
                admin_layer: {}
            """;
        await using var proxy = await ProxyProcess.StartAsync(bootstrap);

        var (status, body) = await AdminResponses.SendAsync(proxy.AdminUrl, HttpMethod.Get, "/runtime");

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(["global config", "override", "admin"], root.GetProperty("layers").EnumerateArray().Select(l => l.GetString()));
        var entries = root.GetProperty("entries");
        Assert.Equal(["envoy.reloadable_features.http_reject_path_with_fragment", "re2.max_program_size.error_level"], entries.EnumerateObject().Select(e => e.Name));
        var re2 = entries.GetProperty("re2.max_program_size.error_level");
        Assert.Equal("100", re2.GetProperty("final_value").GetString());
        Assert.Equal(["32768", "100", ""], re2.GetProperty("layer_values").EnumerateArray().Select(v => v.GetString()));
        var fragment = entries.GetProperty("envoy.reloadable_features.http_reject_path_with_fragment");
        Assert.Equal("false", fragment.GetProperty("final_value").GetString());
    }

    [Fact]
    public async Task CertsIsAnEmptyListWithoutTls()
    {
        var port = FreePort.Get();
        await using var proxy = await ProxyProcess.StartAsync(Bootstraps.Http(port, Bootstraps.CatchAll("backend"), Bootstraps.StaticCluster("backend", ports: FreePort.Get())));

        var (status, body) = await AdminResponses.SendAsync(proxy.AdminUrl, HttpMethod.Get, "/certs");

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(0, json.RootElement.GetProperty("certificates").GetArrayLength());
    }
}
