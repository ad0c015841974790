using System.Text.Json;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Admin;

/// <summary>/config_dump as istioctl and pilot-agent read it: admin.v3.ConfigDump JSON and its query parameters.</summary>
[Collection(AdminCollection.Name)]
public sealed class ConfigDumpEndpointTests
{
    private const string TypePrefix = "type.googleapis.com/envoy.admin.v3.";

    private readonly AdminFixture _fixture;

    public ConfigDumpEndpointTests(AdminFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task FullDumpHasBootstrapClustersListenersAndRoutesButNoEndpoints()
    {
        var configs = await ConfigsAsync("/config_dump");
        var types = configs.Select(c => c.GetProperty("@type").GetString()).ToList();

        foreach (var type in new[] { "BootstrapConfigDump", "ClustersConfigDump", "ListenersConfigDump", "RoutesConfigDump" })
        {
            Assert.Contains(TypePrefix + type, types);
        }

        Assert.DoesNotContain(TypePrefix + "EndpointsConfigDump", types);

        var bootstrap = configs.Single(c => c.GetProperty("@type").GetString() == TypePrefix + "BootstrapConfigDump");
        Assert.Equal((uint)_fixture.Proxy.AdminPort, bootstrap.GetProperty("bootstrap").GetProperty("admin").GetProperty("address").GetProperty("socket_address").GetProperty("port_value").GetUInt32());
        var clusters = configs.Single(c => c.GetProperty("@type").GetString() == TypePrefix + "ClustersConfigDump");
        Assert.Equal("web", clusters.GetProperty("static_clusters")[0].GetProperty("cluster").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ResourceStaticListenersListsEachListener()
    {
        var configs = await ConfigsAsync("/config_dump?resource=static_listeners");

        var only = Assert.Single(configs);
        Assert.Equal(TypePrefix + "ListenersConfigDump.StaticListener", only.GetProperty("@type").GetString());
        var listener = only.GetProperty("listener");
        Assert.Equal("type.googleapis.com/envoy.config.listener.v3.Listener", listener.GetProperty("@type").GetString());
        Assert.Equal("ingress", listener.GetProperty("name").GetString());
        Assert.True(only.TryGetProperty("last_updated", out _));
    }

    [Fact]
    public async Task MaskKeepsOnlyTheNamedFieldsOfEachResource()
    {
        var configs = await ConfigsAsync("/config_dump?resource=static_clusters&mask=cluster");

        var only = Assert.Single(configs);
        Assert.Equal("web", only.GetProperty("cluster").GetProperty("name").GetString());
        Assert.False(only.TryGetProperty("last_updated", out _), "the mask drops last_updated");
    }

    [Fact]
    public async Task IncludeEdsAddsTheEndpoints()
    {
        var configs = await ConfigsAsync("/config_dump?include_eds");

        var endpoints = configs.Single(c => c.GetProperty("@type").GetString() == TypePrefix + "EndpointsConfigDump");
        var assignment = endpoints.GetProperty("static_endpoint_configs")[0].GetProperty("endpoint_config");
        Assert.Equal("web", assignment.GetProperty("cluster_name").GetString());
        var address = assignment.GetProperty("endpoints")[0].GetProperty("lb_endpoints")[0].GetProperty("endpoint").GetProperty("address").GetProperty("socket_address");
        Assert.Equal((uint)_fixture.Upstream.Port, address.GetProperty("port_value").GetUInt32());
    }

    private async Task<List<JsonElement>> ConfigsAsync(string path)
    {
        using var json = JsonDocument.Parse(await _fixture.Proxy.AdminGetAsync(path));
        return json.RootElement.GetProperty("configs").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
