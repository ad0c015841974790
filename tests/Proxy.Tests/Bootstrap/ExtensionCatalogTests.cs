using Envoy.Config.Listener.V3;
using Proxy.Bootstrap;
using Proxy.Xds;
using Proxy.Xds.Json;

namespace Proxy.Tests.Bootstrap;

public sealed class ExtensionCatalogTests
{
    [Fact]
    public void EveryEnvoyEntryIsAnApiTypeTheProxyCanParse()
    {
        foreach (var entry in ExtensionCatalog.Entries.Where(e => e.TypeName.StartsWith("envoy.", StringComparison.Ordinal) && !e.Note.StartsWith(ExtensionCatalog.IstioPrivatePrefix, StringComparison.Ordinal)))
        {
            Assert.True(EnvoyTypeRegistry.Find(entry.TypeName) is not null, entry.TypeName);
        }
    }

    [Fact]
    public void EntriesAreUnique() =>
        Assert.Equal(ExtensionCatalog.Entries.Count, ExtensionCatalog.Entries.Select(e => e.TypeName).Distinct().Count());

    [Fact]
    public void FindAcceptsTypeUrlsAndNames()
    {
        Assert.Equal(ExtensionSupport.Implemented, ExtensionCatalog.Find("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router")!.Support);
        Assert.Equal(ExtensionSupport.Implemented, ExtensionCatalog.Find("envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector")!.Support);
        Assert.Equal(ExtensionSupport.AcceptedIgnored, ExtensionCatalog.Find("envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext")!.Support);
        Assert.Equal(ExtensionSupport.AcceptedIgnored, ExtensionCatalog.Find("type.googleapis.com/istio.workload.BootstrapExtension")!.Support);
        Assert.Null(ExtensionCatalog.Find("type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua"));

        // Authorization is enforced, never merely accepted: a policy ignored would silently allow everything.
        Assert.Equal(ExtensionSupport.Implemented, ExtensionCatalog.Find("envoy.extensions.filters.http.rbac.v3.RBAC")!.Support);
        Assert.Equal(ExtensionSupport.Implemented, ExtensionCatalog.Find("envoy.extensions.filters.network.rbac.v3.RBAC")!.Support);
    }

    [Fact]
    public void DescribeListsBothKinds()
    {
        var text = ExtensionCatalog.Describe();

        Assert.Contains("Implemented:\n- `envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`", text);
        Assert.Contains("Accepted but not applied yet:", text);
        Assert.Contains("`envoy.extensions.filters.http.compressor.v3.Compressor`: responses are not compressed yet", text);
        Assert.Equal(ExtensionCatalog.Entries.Count, text.Split('\n').Count(l => l.StartsWith("- `", StringComparison.Ordinal)));
    }

    [Fact]
    public void CheckWalksNestedAnysAndSkipsTypedFilterMetadata()
    {
        var listener = ParseListener("""
            {"name":"l","metadata":{"typed_filter_metadata":{"x":{"@type":"type.googleapis.com/google.protobuf.StringValue","value":"v"}}},
             "listener_filters":[{"name":"orig","typed_config":{"@type":"type.googleapis.com/envoy.extensions.filters.listener.original_dst.v3.OriginalDst"}}],
             "filter_chains":[{"filters":[{"name":"hcm","typed_config":{
               "@type":"type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
               "stat_prefix":"s",
               "http_filters":[{"name":"cors","typed_config":{"@type":"type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors"}},
                               {"name":"router","typed_config":{"@type":"type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}}]}}]}]}
            """);

        var notes = ExtensionCatalog.Check(listener, ListenerType, new ProtoJsonReader());

        // original_dst (implemented) and the router give no note; the nested CORS filter does.
        Assert.Equal(
            [
                "filter_chains[0].filters[0].typed_config.http_filters[0].typed_config: envoy.extensions.filters.http.cors.v3.Cors is accepted but not applied: CORS policies are not applied yet",
            ],
            notes);
    }

    [Fact]
    public void WalkerReportsEveryUseWithItsPath()
    {
        var listener = ParseListener("""
            {"filter_chains":[{"filters":[{"name":"tcp","typed_config":{
               "@type":"type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy","stat_prefix":"t","cluster":"c",
               "access_log":[{"name":"file","typed_config":{"@type":"type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog","path":"/dev/stdout"}}]}}]}]}
            """);

        var uses = TypedConfigWalker.FindAll(listener, ListenerType, new ProtoJsonReader());

        Assert.Equal(
            [
                new TypedConfigUse("filter_chains[0].filters[0].typed_config", "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", false),
                new TypedConfigUse("filter_chains[0].filters[0].typed_config.access_log[0].typed_config", "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog", false),
            ],
            uses);
    }

    private const string ListenerType = "envoy.config.listener.v3.Listener";

    private static Listener ParseListener(string json) => new ProtoJsonReader().Parse(json, Listener.Parser, ListenerType);

    [Fact]
    public void WalkerSeesThroughTypedStructsAndFindsTheirAnys()
    {
        var listener = ParseListener("""
            {"filter_chains":[{"filters":[{"name":"hcm","typed_config":{"@type":"type.googleapis.com/xds.type.v3.TypedStruct",
               "type_url":"type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
               "value":{"stat_prefix":"s","http_filters":[{"name":"router","typed_config":{"@type":"type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}}]}}}]}]}
            """);

        var uses = TypedConfigWalker.FindAll(listener, ListenerType, new ProtoJsonReader());

        Assert.Equal(
            [
                new TypedConfigUse("filter_chains[0].filters[0].typed_config", "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager", true),
                new TypedConfigUse("filter_chains[0].filters[0].typed_config.value.http_filters[0].typed_config", "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router", false),
            ],
            uses);
    }
}
