using System.Text.Json;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Cli;

/// <summary>The proxy binary's command line as pilot-agent and users drive it: usage errors, --config-yaml, --mode init_only.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task UnknownFlagExits1WithAUsageErrorOnStderr()
    {
        var result = await ProxyCommand.RunAsync("--no-such-flag");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("PARSE ERROR: ", result.StdErr);
        Assert.Contains("--no-such-flag", result.StdErr);
        Assert.Contains("USAGE", result.StdErr);
        Assert.Equal("", result.StdOut);
    }

    [Fact]
    public async Task ConfigYamlIsMergedOverTheConfigFile()
    {
        // -c gives the admin address and node; --config-yaml overrides the node id (a scalar is replaced)
        // and adds a listener (repeated fields are appended), as Envoy's MergeFrom does.
        var port = FreePort.Get();
        var listener = """{"static_resources": {"listeners": [{"name": "from-yaml", "address": {"socket_address": {"address": "127.0.0.1", "port_value": PORT}}, "filter_chains": [{"filters": [{"name": "envoy.filters.network.http_connection_manager", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager", "stat_prefix": "y", "route_config": {"virtual_hosts": [{"name": "v", "domains": ["*"], "routes": [{"match": {"prefix": "/"}, "direct_response": {"status": 200, "body": {"inline_string": "merged"}}}]}]}, "http_filters": [{"name": "envoy.filters.http.router", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}}]}}]}]}], "clusters": []}, "node": {"id": "from-yaml"}}""".Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        const string file = """
admin:
  address: { socket_address: { address: 127.0.0.1, port_value: {ADMIN_PORT} } }
node: { id: from-file, cluster: file-cluster }
""";
        await using var proxy = await ProxyStartup.StartAsync(file, ["--config-yaml", listener, "--file-flush-interval-msec", "50"], TimeSpan.FromSeconds(120));

        using var info = JsonDocument.Parse(await proxy.AdminGetAsync("/server_info"));
        var node = info.RootElement.GetProperty("node");
        Assert.Equal("from-yaml", node.GetProperty("id").GetString());
        Assert.Equal("file-cluster", node.GetProperty("cluster").GetString());
        var response = await Curl.GetAsync($"http://127.0.0.1:{port}/");
        Assert.Equal(200, response.Status);
        Assert.Equal("merged", response.Body);
    }

    [Fact]
    public async Task InitOnlyStartsEverythingThenExits0()
    {
        var port = FreePort.Get();
        var directory = Directory.CreateTempSubdirectory("proxy-init-only-").FullName;
        try
        {
            var path = Path.Combine(directory, "bootstrap.yaml");
            await File.WriteAllTextAsync(path, Bootstraps.Server(
                Bootstraps.HttpListener("main", port, Bootstraps.CatchAll("up")),
                Bootstraps.StaticCluster("up", ports: FreePort.Get())).Replace("{ADMIN_PORT}", FreePort.Get().ToString()));

            var result = await ProxyCommand.RunAsync("-c", path, "--mode", "init_only");

            Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdErr}");

            // It did initialize: a listener it cannot bind makes init_only fail.
            using var blocker = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            blocker.Start();
            var blocked = await ProxyCommand.RunAsync("-c", path, "--mode", "init_only");
            Assert.NotEqual(0, blocked.ExitCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
