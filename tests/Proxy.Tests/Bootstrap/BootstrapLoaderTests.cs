using Envoy.Config.Core.V3;
using Google.Protobuf;
using Proxy.Bootstrap;
using Proxy.Cli;
using BootstrapProto = Envoy.Config.Bootstrap.V3.Bootstrap;

namespace Proxy.Tests.Bootstrap;

public sealed class BootstrapLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("proxy-bootstrap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Golden(string name) => ConformanceData.PathOf("istio/bootstrap/golden/" + name);

    [Fact]
    public void LoadsJson()
    {
        var bootstrap = BootstrapLoader.Load(new ProxyOptions { ConfigPath = Golden("default_golden.json") });

        Assert.Equal("sidecar~1.2.3.4~foo~bar", bootstrap.Node.Id);
        Assert.Contains(bootstrap.StaticResources.Clusters, c => c.Name == "xds-grpc");
    }

    [Theory]
    [InlineData("bootstrap.yaml")]
    [InlineData("bootstrap.YML")]
    public void LoadsYamlByExtension(string name)
    {
        var path = Write(name, """
            node: {id: n1, cluster: c1}
            static_resources:
              clusters:
              - name: local
                type: STATIC
                connect_timeout: 0.25s
                per_connection_buffer_limit_bytes: 32768
            """);

        var cluster = Assert.Single(BootstrapLoader.Load(new ProxyOptions { ConfigPath = path }).StaticResources.Clusters);

        Assert.Equal("local", cluster.Name);
        Assert.Equal(250_000_000, cluster.ConnectTimeout.Nanos);
        Assert.Equal(32768u, cluster.PerConnectionBufferLimitBytes);
    }

    [Fact]
    public void JsonGoldensReadAsYamlGiveTheSameBootstrap()
    {
        foreach (var golden in new[] { "all_golden.json", "default_golden.json", "stats_inclusion_golden.json", "tracing_datadog_golden.json" })
        {
            var yamlPath = Write(Path.ChangeExtension(golden, ".yaml"), File.ReadAllText(Golden(golden)));

            Assert.Equal(
                BootstrapLoader.Load(new ProxyOptions { ConfigPath = Golden(golden) }),
                BootstrapLoader.Load(new ProxyOptions { ConfigPath = yamlPath }));
        }
    }

    [Fact]
    public void LoadsBinaryProto()
    {
        var expected = BootstrapLoader.Load(new ProxyOptions { ConfigPath = Golden("all_golden.json") });
        var path = Path.Combine(_dir, "bootstrap.pb");
        File.WriteAllBytes(path, expected.ToByteArray());

        Assert.Equal(expected, BootstrapLoader.Load(new ProxyOptions { ConfigPath = path }));
    }

    [Fact]
    public void BadBinaryProtoIsAnError()
    {
        var path = Path.Combine(_dir, "bad.pb");
        File.WriteAllBytes(path, [0xff, 0xff, 0xff]);

        var e = Assert.Throws<BootstrapException>(() => BootstrapLoader.Load(new ProxyOptions { ConfigPath = path }));

        Assert.Equal(path, e.File);
    }

    [Fact]
    public void ConfigYamlMergesOverTheFileWithProtobufMergeSemantics()
    {
        var path = Write("base.json", """
            {"node":{"id":"n1","cluster":"c1"},
             "static_resources":{"clusters":[{"name":"a"}]},
             "admin":{"address":{"socket_address":{"address":"127.0.0.1","port_value":15000}}}}
            """);

        var bootstrap = BootstrapLoader.Load(new ProxyOptions
        {
            ConfigPath = path,
            ConfigYaml = "{node: {id: n2}, static_resources: {clusters: [{name: b}]}, admin: {address: {socket_address: {port_value: 9901}}}}",
        });

        Assert.Equal("n2", bootstrap.Node.Id);
        Assert.Equal("c1", bootstrap.Node.Cluster);
        Assert.Equal(["a", "b"], bootstrap.StaticResources.Clusters.Select(c => c.Name));
        Assert.Equal("127.0.0.1", bootstrap.Admin.Address.SocketAddress.Address);
        Assert.Equal(9901u, bootstrap.Admin.Address.SocketAddress.PortValue);
    }

    [Fact]
    public void ConfigYamlAlone()
    {
        var bootstrap = BootstrapLoader.Load(new ProxyOptions { ConfigYaml = "node: {id: only}" });

        Assert.Equal("only", bootstrap.Node.Id);
    }

    [Fact]
    public void NeitherSourceIsAnError()
    {
        var e = Assert.Throws<BootstrapException>(() => BootstrapLoader.Load(new ProxyOptions()));

        Assert.Contains("--config-path or --config-yaml", e.Message);
    }

    [Fact]
    public void ServiceFlagsOverrideTheNode()
    {
        var path = Write("b.json", """{"node":{"id":"file-id","cluster":"file-cluster","locality":{"region":"r","zone":"file-zone"}}}""");

        var bootstrap = BootstrapLoader.Load(new ProxyOptions { ConfigPath = path, ServiceNode = "cli-id", ServiceCluster = "cli-cluster", ServiceZone = "cli-zone" });
        var kept = BootstrapLoader.Load(new ProxyOptions { ConfigPath = path });

        Assert.Equal(new Node { Id = "cli-id", Cluster = "cli-cluster", Locality = new Locality { Region = "r", Zone = "cli-zone" } }, bootstrap.Node);
        Assert.Equal("file-id", kept.Node.Id);
        Assert.Equal("file-zone", kept.Node.Locality.Zone);
    }

    [Fact]
    public void ServiceFlagsCreateTheNodeWhenAbsent()
    {
        var bootstrap = BootstrapLoader.Load(new ProxyOptions { ConfigYaml = "{}", ServiceZone = "z" });

        Assert.Equal("z", bootstrap.Node.Locality.Zone);
    }

    [Fact]
    public void ErrorsNameTheFileAndPath()
    {
        var path = Write("bad.json", """{"static_resources":{"clusters":[{"name":"a","connect_timeout":"soon"}]}}""");

        var e = Assert.Throws<BootstrapException>(() => BootstrapLoader.Load(new ProxyOptions { ConfigPath = path }));

        Assert.Equal(path, e.File);
        Assert.Equal("static_resources.clusters[0].connect_timeout", e.JsonPath);
        Assert.StartsWith($"{path}: static_resources.clusters[0].connect_timeout: invalid duration 'soon'", e.Message);
    }

    [Fact]
    public void ConfigYamlErrorsNameTheFlag()
    {
        var e = Assert.Throws<BootstrapException>(() => BootstrapLoader.Load(new ProxyOptions { ConfigYaml = "admin: {bogus: 1}" }));

        Assert.Equal("--config-yaml", e.File);
        Assert.Equal("admin.bogus", e.JsonPath);
    }

    [Fact]
    public void UnknownFieldsBecomeWarningsWhenAllowed()
    {
        var path = Write("new.json", """{"node":{"id":"n"},"stats_eviction_interval":"10s"}""");
        var warnings = new List<string>();

        Assert.Throws<BootstrapException>(() => BootstrapLoader.Load(new ProxyOptions { ConfigPath = path }));
        var bootstrap = BootstrapLoader.Load(new ProxyOptions { ConfigPath = path, AllowUnknownStaticFields = true }, warnings);

        Assert.Equal("n", bootstrap.Node.Id);
        Assert.StartsWith($"{path}: stats_eviction_interval: ignored unknown field", Assert.Single(warnings));
    }

    [Fact]
    public void InvalidJsonNamesTheFile()
    {
        var path = Write("broken.json", "{\"node\": {\"id\": }");

        var e = Assert.Throws<BootstrapException>(() => BootstrapLoader.Load(new ProxyOptions { ConfigPath = path }));

        Assert.Equal(path, e.File);
        Assert.Contains("invalid JSON", e.Reason);
    }

    [Fact]
    public void MissingFileIsAnError()
    {
        var path = Path.Combine(_dir, "missing.json");

        var e = Assert.Throws<BootstrapException>(() => BootstrapLoader.Load(new ProxyOptions { ConfigPath = path }));

        Assert.Contains("unable to read file", e.Message);
    }

    [Fact]
    public void TextProtoIsRefusedByName()
    {
        var path = Write("b.pb_text", "node {}");

        var e = Assert.Throws<BootstrapException>(() => BootstrapLoader.Load(new ProxyOptions { ConfigPath = path }));

        Assert.Contains(".pb_text", e.Reason);
    }

    [Fact]
    public void SourceNameCoversBothInputs()
    {
        Assert.Equal("a.json + --config-yaml", BootstrapLoader.SourceName(new ProxyOptions { ConfigPath = "a.json", ConfigYaml = "{}" }));
        Assert.Equal("--config-yaml", BootstrapLoader.SourceName(new ProxyOptions { ConfigYaml = "{}" }));
    }

    [Fact]
    public void EmptyBootstrapIsAllowed() => Assert.Equal(new BootstrapProto(), BootstrapLoader.Load(new ProxyOptions { ConfigYaml = "{}" }));
}
