namespace Proxy.Tests.Upstream.TestSupport;

/// <summary>
/// Locates the shared conformance data (real Istio and Envoy configs) next to the repository: DESIGN.md puts it
/// at <c>../shared/conformance</c> from the repository root; worktrees sit one level deeper, so ancestors are searched.
/// </summary>
internal static class ConformanceData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/conformance not found above " + AppContext.BaseDirectory);
    }
}
