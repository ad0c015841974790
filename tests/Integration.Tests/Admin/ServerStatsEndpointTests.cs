using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Admin;

/// <summary>Envoy's server.* statistics (uptime, memory, connections) and the /memory endpoint.</summary>
[Collection(AdminCollection.Name)]
public sealed class ServerStatsEndpointTests
{
    private readonly AdminFixture _fixture;

    public ServerStatsEndpointTests(AdminFixture fixture) => _fixture = fixture;

    private ProxyProcess Proxy => _fixture.Proxy;

    [Fact]
    public async Task ServerStatsReportUptimeConcurrencyAndMemory()
    {
        var first = await Proxy.StatAsync("server.uptime");
        await Task.Delay(1100);
        var second = await Proxy.StatAsync("server.uptime");

        Assert.True(second > first, $"uptime {first} then {second}");
        Assert.True(await Proxy.StatAsync("server.concurrency") >= 1);
        var allocated = await Proxy.StatAsync("server.memory_allocated");
        Assert.True(allocated > 0);
        Assert.True(await Proxy.StatAsync("server.memory_heap_size") >= allocated);
        var physical = await Proxy.StatAsync("server.memory_physical_size");
        var rss = ProcessMemory.RssBytes(Proxy.Pid);
        Assert.InRange(physical, rss / 2, rss * 2);
    }

    [Fact]
    public async Task TotalConnectionsCountsOpenDownstreamConnections()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _fixture.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /hello HTTP/1.1\r\nHost: web\r\n\r\n"));
        var buffer = new byte[4096];
        Assert.True(await stream.ReadAsync(buffer) > 0);

        Assert.True(await Proxy.StatAsync("server.total_connections") >= 1);
    }

    [Fact]
    public async Task PrometheusCarriesTheNamesKialisDashboardPlots()
    {
        var text = await Proxy.AdminGetAsync("/stats/prometheus");

        Assert.Contains("\nenvoy_server_uptime{} ", "\n" + text, StringComparison.Ordinal);
        Assert.Contains("\nenvoy_server_memory_allocated{} ", "\n" + text, StringComparison.Ordinal);
        Assert.Contains("\nenvoy_server_memory_heap_size{} ", "\n" + text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemoryIsEnvoysJsonWithEveryFieldAsAString()
    {
        var (status, body) = await AdminResponses.SendAsync(Proxy.AdminUrl, HttpMethod.Get, "/memory");

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        string[] fields = ["allocated", "heap_size", "pageheap_unmapped", "pageheap_free", "total_thread_cache", "total_physical_bytes"];
        Assert.Equal(fields, root.EnumerateObject().Select(p => p.Name));
        foreach (var field in fields)
        {
            Assert.Equal(JsonValueKind.String, root.GetProperty(field).ValueKind);
        }

        var allocated = ulong.Parse(root.GetProperty("allocated").GetString()!);
        Assert.True(allocated > 0);
        Assert.True(ulong.Parse(root.GetProperty("heap_size").GetString()!) >= allocated);
        Assert.Equal("0", root.GetProperty("pageheap_unmapped").GetString());
        Assert.True(ulong.Parse(root.GetProperty("total_physical_bytes").GetString()!) > 0);
    }
}
