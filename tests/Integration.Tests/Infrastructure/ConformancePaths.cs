namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// The shared conformance data: <see cref="RepoPaths.Conformance"/> (../shared/conformance beside the
/// repository), or, for a git worktree nested below the main checkout's parent, the first
/// shared/conformance found above the repository.
/// </summary>
public static class ConformancePaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        if (Directory.Exists(RepoPaths.Conformance))
        {
            return RepoPaths.Conformance;
        }

        for (var dir = new DirectoryInfo(RepoPaths.Root).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/conformance not found beside or above " + RepoPaths.Root);
    }
}
