using System.Text.Json;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Admin;

/// <summary>/clusters and /listeners in Envoy's text and JSON forms (istioctl proxy-config reads both).</summary>
[Collection(AdminCollection.Name)]
public sealed class ClustersAndListenersEndpointTests
{
    private readonly AdminFixture _fixture;

    public ClustersAndListenersEndpointTests(AdminFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task ClustersTextHasOneHealthFlagsLinePerHost()
    {
        var lines = (await _fixture.Proxy.AdminGetAsync("/clusters")).Split('\n');

        Assert.Contains($"web::127.0.0.1:{_fixture.Upstream.Port}::health_flags::healthy", lines);
        Assert.Contains("web::observability_name::web", lines);
        Assert.Contains("web::added_via_api::false", lines);
    }

    [Fact]
    public async Task ClustersJsonHasTheClusterAndItsHost()
    {
        using var json = JsonDocument.Parse(await _fixture.Proxy.AdminGetAsync("/clusters?format=json"));

        var cluster = json.RootElement.GetProperty("cluster_statuses").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "web");
        var host = Assert.Single(cluster.GetProperty("host_statuses").EnumerateArray());
        var address = host.GetProperty("address").GetProperty("socket_address");
        Assert.Equal("127.0.0.1", address.GetProperty("address").GetString());
        Assert.Equal(_fixture.Upstream.Port, address.GetProperty("port_value").GetInt32());
        Assert.Equal("HEALTHY", host.GetProperty("health_status").GetProperty("eds_health_status").GetString());
    }

    [Fact]
    public async Task ListenersTextIsNameAndAddress()
    {
        var text = await _fixture.Proxy.AdminGetAsync("/listeners");

        Assert.Equal($"ingress::127.0.0.1:{_fixture.Port}\n", text);
    }

    [Fact]
    public async Task ListenersJsonHasNameAndLocalAddress()
    {
        using var json = JsonDocument.Parse(await _fixture.Proxy.AdminGetAsync("/listeners?format=json"));

        var listener = Assert.Single(json.RootElement.GetProperty("listener_statuses").EnumerateArray());
        Assert.Equal("ingress", listener.GetProperty("name").GetString());
        var address = listener.GetProperty("local_address").GetProperty("socket_address");
        Assert.Equal("127.0.0.1", address.GetProperty("address").GetString());
        Assert.Equal(_fixture.Port, address.GetProperty("port_value").GetInt32());
    }
}
