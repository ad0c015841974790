namespace Proxy.Tests.Stats;

/// <summary>
/// Finds ../shared/conformance next to the repository (DESIGN.md: tests read it in place). The repository
/// may be a git worktree one level deeper, so parent folders are searched too.
/// </summary>
internal static class ConformanceData
{
    public static string Root { get; } = Find();

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Proxy.sln")))
        {
            dir = dir.Parent;
        }

        for (var up = dir?.Parent; up is not null; up = up.Parent)
        {
            var candidate = System.IO.Path.Combine(up.FullName, "shared", "conformance");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/conformance not found next to the repository");
    }
}
