using System.Reflection;

namespace Proxy.Cli;

/// <summary>What <c>--version</c> prints and admin /server_info reports.</summary>
public static class VersionInfo
{
    /// <summary>The build's informational version (assembly metadata), e.g. "1.0.0+abc123".</summary>
    public static string Version { get; } =
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>TCLAP's version output shape: a blank line, "program  version: ...", a blank line.</summary>
    public static string Text(string program) => $"\n{program}  version: {Version}\n\n";
}
