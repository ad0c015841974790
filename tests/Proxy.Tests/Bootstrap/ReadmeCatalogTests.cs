using Proxy.Bootstrap;

namespace Proxy.Tests.Bootstrap;

/// <summary>The README's list of known typed configs is the catalog the proxy enforces, word for word.</summary>
public sealed class ReadmeCatalogTests
{
    [Fact]
    public void ReadmeShowsTheExtensionCatalog()
    {
        var readme = File.ReadAllText(Path.Combine(ConformanceData.RepoRoot, "README.md"));

        Assert.Contains(ExtensionCatalog.Describe(), readme.ReplaceLineEndings("\n"));
    }
}
