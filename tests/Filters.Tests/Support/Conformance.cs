namespace Proxy.Filters.Tests.Support;

/// <summary>Finds the shared Istio/Envoy conformance data (../shared/conformance from the repository root).</summary>
public static class Conformance
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

        if (dir is null)
        {
            throw new InvalidOperationException("repository root (Proxy.sln) not found above " + AppContext.BaseDirectory);
        }

        // A git worktree lives one level deeper than the main checkout (/work/wt/NAME vs /work/main).
        for (var up = dir.Parent; up is not null; up = up.Parent)
        {
            var candidate = System.IO.Path.Combine(up.FullName, "shared", "conformance");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("../shared/conformance not found above " + dir.FullName);
    }
}
