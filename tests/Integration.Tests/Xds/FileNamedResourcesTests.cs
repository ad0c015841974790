using System.Text.RegularExpressions;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Xds;

/// <summary>
/// Per-resource file-based xDS: a listener whose rds.config_source, a cluster whose eds_config and a transport
/// socket whose sds_config name a file (path_config_source) read their route configuration, endpoints and
/// secret from it, warm on it, and follow it when it is replaced; an invalid file changes nothing.
/// </summary>
public sealed class FileNamedResourcesTests
{
    [Fact]
    public async Task Routes_and_endpoints_named_by_files_are_read_warmed_on_and_followed_when_replaced()
    {
        await using var one = await TestUpstream.StartAsync("one");
        await using var two = await TestUpstream.StartAsync("two");
        var dir = Directory.CreateTempSubdirectory("file-rds-eds-").FullName;
        var port = FreePort.Get();
        var cds = Path.Combine(dir, "cds.yaml");
        var eds = Path.Combine(dir, "eds.yaml");
        var lds = Path.Combine(dir, "lds.yaml");
        var rds = Path.Combine(dir, "rds.yaml");
        await File.WriteAllTextAsync(eds, Endpoints(one.Port));
        await File.WriteAllTextAsync(rds, Routes("/"));
        await File.WriteAllTextAsync(cds, Clusters(eds));
        await File.WriteAllTextAsync(lds, Listeners(port, rds));

        await using var proxy = await ProxyProcess.StartAsync(XdsResources.FileBootstrap("file-rds-eds", cds, lds));
        var first = await Curl.GetAsync($"http://127.0.0.1:{port}/a");

        await XdsResources.ReplaceFileAsync(eds, Endpoints(two.Port));
        await Eventually.UntilAsync(async () => (await Curl.GetAsync($"http://127.0.0.1:{port}/a")).Header("x-upstream"), u => u == "two", "endpoint file applied");

        await XdsResources.ReplaceFileAsync(rds, Routes("/only"));
        await Eventually.UntilAsync(async () => (await Curl.GetAsync($"http://127.0.0.1:{port}/a")).Status, s => s == 404, "route file applied");

        await XdsResources.ReplaceFileAsync(rds, Routes("/only").Replace("prefix: /only", "safe_regex: { regex: '(unclosed' }", StringComparison.Ordinal));
        await Eventually.UntilAsync(() => proxy.StatAsync("http.http.rds.file_routes.update_rejected"), n => n == 1, "invalid route file rejected");
        var afterInvalid = await Curl.GetAsync($"http://127.0.0.1:{port}/only/x");

        Assert.Equal(200, first.Status);
        Assert.Equal("one", first.Header("x-upstream"));
        Assert.Equal(200, afterInvalid.Status);
        Assert.Equal("two", afterInvalid.Header("x-upstream"));
        Assert.Equal(2, await proxy.StatAsync("cluster.svc.update_success"));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Static_resources_read_their_routes_and_endpoints_from_files_without_dynamic_resources()
    {
        await using var one = await TestUpstream.StartAsync("one");
        var dir = Directory.CreateTempSubdirectory("static-rds-eds-").FullName;
        var port = FreePort.Get();
        var eds = Path.Combine(dir, "eds.yaml");
        var rds = Path.Combine(dir, "rds.yaml");
        await File.WriteAllTextAsync(eds, Endpoints(one.Port));
        await File.WriteAllTextAsync(rds, Routes("/"));
        var listener = Listeners(port, rds);
        var cluster = Clusters(eds);

        await using var proxy = await ProxyProcess.StartAsync($$"""
            node: { id: static-rds-eds, cluster: test }
            admin:
              address: { socket_address: { address: 127.0.0.1, port_value: {ADMIN_PORT} } }
            static_resources:
              listeners:
            {{StaticEntries(listener)}}
              clusters:
            {{StaticEntries(cluster)}}
            """);
        await Eventually.UntilAsync(async () => (await Curl.GetAsync($"http://127.0.0.1:{port}/a")).Status, s => s == 200, "routes and endpoints read from their files");

        await XdsResources.ReplaceFileAsync(rds, Routes("/only"));
        await Eventually.UntilAsync(async () => (await Curl.GetAsync($"http://127.0.0.1:{port}/a")).Status, s => s == 404, "route file applied");

        Assert.Equal("one", (await Curl.GetAsync($"http://127.0.0.1:{port}/only/x")).Header("x-upstream"));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_static_listeners_default_filter_chain_reads_its_routes_from_a_file()
    {
        await using var one = await TestUpstream.StartAsync("one");
        var dir = Directory.CreateTempSubdirectory("static-default-chain-rds-").FullName;
        var port = FreePort.Get();
        var rds = Path.Combine(dir, "rds.yaml");
        await File.WriteAllTextAsync(rds, Routes("/"));

        await using var proxy = await ProxyProcess.StartAsync($$"""
            node: { id: static-default-chain-rds, cluster: test }
            admin:
              address: { socket_address: { address: 127.0.0.1, port_value: {ADMIN_PORT} } }
            static_resources:
              listeners:
              - name: http
                address: { socket_address: { address: 127.0.0.1, port_value: {{port}} } }
                default_filter_chain:
                  filters:
                  - name: envoy.filters.network.http_connection_manager
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                      stat_prefix: http
                      http_filters:
                      - name: envoy.filters.http.router
                        typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
                      rds:
                        route_config_name: file_routes
                        config_source: {{XdsResources.FileSource(rds)}}
              clusters:
            {{Bootstraps.Indent(Bootstraps.StaticCluster("svc", ports: one.Port), 2)}}
            """);

        await Eventually.UntilAsync(async () => (await Curl.GetAsync($"http://127.0.0.1:{port}/a")).Status, s => s == 200, "routes read from the file the default filter chain names");
        Assert.Equal("one", (await Curl.GetAsync($"http://127.0.0.1:{port}/a")).Header("x-upstream"));
        Directory.Delete(dir, recursive: true);
    }

    // A DiscoveryResponse's resources as static_resources list entries: the "@type" line dropped, indented.
    private static string StaticEntries(string response)
    {
        var entries = Regex.Replace(response.Replace("resources:\n", "", StringComparison.Ordinal), "- \"@type\": [^\n]*\n  ", "- ");
        return string.Join('\n', entries.Split('\n').Select(static line => "    " + line));
    }

    [Fact]
    public async Task A_listener_whose_secret_comes_from_a_file_warms_on_it_and_config_dump_follows_the_file()
    {
        await using var one = await TestUpstream.StartAsync("one");
        var dir = Directory.CreateTempSubdirectory("file-sds-").FullName;
        var port = FreePort.Get();
        var sds = Path.Combine(dir, "sds.yaml");
        var lds = Path.Combine(dir, "lds.yaml");
        await File.WriteAllTextAsync(sds, Secret("s1"));
        await File.WriteAllTextAsync(lds, $$"""
            resources:
            - "@type": type.googleapis.com/envoy.config.listener.v3.Listener
              name: tls
              address: { socket_address: { address: 127.0.0.1, port_value: {{port}} } }
              filter_chains:
              - transport_socket:
                  name: envoy.transport_sockets.tls
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext
                    common_tls_context:
                      validation_context_sds_secret_config:
                        name: file_ca
                        sds_config: {{XdsResources.FileSource(sds)}}
                filters:
                - name: envoy.filters.network.tcp_proxy
                  typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: tcp, cluster: svc }
            """);

        await using var proxy = await ProxyProcess.StartAsync($$"""
            node: { id: file-sds, cluster: test }
            admin:
              address: { socket_address: { address: 127.0.0.1, port_value: {ADMIN_PORT} } }
            static_resources:
              clusters:
            {{Bootstraps.Indent(Bootstraps.StaticCluster("svc", ports: one.Port), 2)}}
            dynamic_resources:
              lds_config: {{XdsResources.FileSource(lds)}}
            """);
        var active = await proxy.StatAsync("listener_manager.total_listeners_active");
        var firstDump = await proxy.AdminGetAsync("/config_dump?resource=dynamic_active_secrets");

        await XdsResources.ReplaceFileAsync(sds, Secret("s2"));
        await Eventually.UntilAsync(() => proxy.AdminGetAsync("/config_dump?resource=dynamic_active_secrets"), d => d.Contains("\"s2\"", StringComparison.Ordinal), "secret file applied");

        Assert.Equal(1, active);
        Assert.Contains("\"file_ca\"", firstDump, StringComparison.Ordinal);
        Assert.Contains("\"s1\"", firstDump, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_route_file_in_a_missing_directory_is_logged_and_the_listener_serves_once_its_fetch_times_out()
    {
        await using var one = await TestUpstream.StartAsync("one");
        var dir = Directory.CreateTempSubdirectory("file-rds-missing-").FullName;
        var port = FreePort.Get();
        var cds = Path.Combine(dir, "cds.yaml");
        var lds = Path.Combine(dir, "lds.yaml");
        var missing = Path.Combine(dir, "no-such-directory", "rds.yaml");
        await File.WriteAllTextAsync(cds, Clusters(Path.Combine(dir, "eds.yaml")));
        await File.WriteAllTextAsync(Path.Combine(dir, "eds.yaml"), Endpoints(one.Port));
        await File.WriteAllTextAsync(lds, Listeners(port, missing).Replace("resource_api_version: V3 }", "resource_api_version: V3, initial_fetch_timeout: 1s }", StringComparison.Ordinal));

        await using var proxy = await ProxyProcess.StartAsync(XdsResources.FileBootstrap("file-rds-missing", cds, lds));
        await Eventually.UntilAsync(() => proxy.StatAsync("listener_manager.total_listeners_active"), n => n == 1, "listener active after its route fetch timed out");
        var withoutRoutes = await Curl.GetAsync($"http://127.0.0.1:{port}/a");

        await File.WriteAllTextAsync(Path.Combine(dir, "rds.yaml"), Routes("/"));
        await XdsResources.ReplaceFileAsync(lds, Listeners(port, Path.Combine(dir, "rds.yaml")));
        await Eventually.UntilAsync(async () => (await Curl.GetAsync($"http://127.0.0.1:{port}/a")).Status, s => s == 200, "a listener naming a readable route file");

        Assert.Equal(404, withoutRoutes.Status);
        Assert.Contains("no-such-directory", proxy.Output, StringComparison.Ordinal);
        Assert.False(proxy.HasExited);
        Directory.Delete(dir, recursive: true);
    }

    private static string Secret(string version) => $$"""
        version_info: {{version}}
        resources:
        - "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret
          name: file_ca
          validation_context: {}
        """;

    private static string Clusters(string eds) => $$"""
        resources:
        - "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster
          name: svc
          type: EDS
          connect_timeout: 1s
          eds_cluster_config:
            service_name: svc-endpoints
            eds_config: {{XdsResources.FileSource(eds)}}
        """;

    private static string Endpoints(int upstreamPort) => $$"""
        resources:
        - "@type": type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment
          cluster_name: svc-endpoints
          endpoints:
          - lb_endpoints:
            - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: {{upstreamPort}} } } }
        """;

    private static string Listeners(int port, string rds) => XdsResources.HttpListenerFile(port, $$"""
        rds:
          route_config_name: file_routes
          config_source: {{XdsResources.FileSource(rds)}}
        """);

    private static string Routes(string prefix) => $$"""
        resources:
        - "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
          name: file_routes
          virtual_hosts:
          - name: all
            domains: ["*"]
            routes:
            - match: { prefix: {{prefix}} }
              route: { cluster: svc }
        """;
}
