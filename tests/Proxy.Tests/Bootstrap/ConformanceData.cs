namespace Proxy.Tests.Bootstrap;

/// <summary>
/// Locates /work/shared/conformance-style data: the folder holding Proxy.sln, then <c>../shared/conformance</c>
/// from it or from any of its ancestors (a git worktree sits one level deeper than the main checkout).
/// </summary>
internal static class ConformanceData
{
    /// <summary>The folder holding Proxy.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Root { get; } = Find();

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    public static IEnumerable<string> BootstrapGoldens() =>
        Directory.EnumerateFiles(PathOf("istio/bootstrap/golden"), "*_golden.json").Order(StringComparer.Ordinal);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Proxy.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException($"no Proxy.sln above {AppContext.BaseDirectory}");
    }

    private static string Find()
    {
        for (var up = new DirectoryInfo(RepoRoot).Parent; up is not null; up = up.Parent)
        {
            var candidate = System.IO.Path.Combine(up.FullName, "shared", "conformance");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no shared/conformance folder above the repository containing {AppContext.BaseDirectory}");
    }
}
