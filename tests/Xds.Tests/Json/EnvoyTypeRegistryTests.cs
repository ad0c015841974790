using System.Text.RegularExpressions;

namespace Proxy.Xds.Tests.Json;

public sealed class EnvoyTypeRegistryTests
{
    [Fact]
    public void EveryEnvoyProtoRootIsRegistered()
    {
        var csproj = File.ReadAllText(Path.Combine(RepoRoot(), "src", "EnvoyApi", "EnvoyApi.csproj"));
        var roots = Regex.Matches(csproj, "<EnvoyProtoRoot Include=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        var registered = EnvoyTypeRegistry.FileNames.ToHashSet();

        Assert.NotEmpty(roots);
        var missing = roots.Where(r => !registered.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "not in EnvoyTypeRegistry.FileNames: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("envoy.extensions.upstreams.http.v3.HttpProtocolOptions")]
    [InlineData("envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager")]
    [InlineData("udpa.type.v1.TypedStruct")]
    [InlineData("xds.type.v3.TypedStruct")]
    [InlineData("google.protobuf.Duration")]
    [InlineData("google.protobuf.StringValue")]
    // Reached only as an import of the roots.
    [InlineData("envoy.config.core.v3.TypedExtensionConfig")]
    [InlineData("envoy.config.endpoint.v3.ClusterLoadAssignment")]
    public void FindsTypesAnAnyMayHold(string fullName)
    {
        Assert.NotNull(EnvoyTypeRegistry.Find(fullName));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Proxy.sln")))
        {
            dir = dir.Parent;
        }

        return dir.FullName;
    }
}
