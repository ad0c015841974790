namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>Where things are: the repository root (the folder with Proxy.sln), the built proxy, ../shared.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/conformance beside the repository (CI puts it there).</summary>
    public static string Conformance => Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance"));

    /// <summary>proxy.dll of the same build configuration as the tests.</summary>
    public static string ProxyDll
    {
        get
        {
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            var path = Path.Combine(Root, "src", "Proxy", "bin", configuration, "net9.0", "proxy.dll");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("build src/Proxy first (dotnet build Proxy.sln)", path);
            }

            return path;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Proxy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Proxy.sln not found above " + AppContext.BaseDirectory);
    }
}
