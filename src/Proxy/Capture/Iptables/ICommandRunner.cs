namespace Proxy.Capture.Iptables;

/// <summary>Runs iptables, ip6tables and ip: a child process in production, a recorder in tests.</summary>
public interface ICommandRunner
{
    /// <exception cref="FileNotFoundException">The program is not installed.</exception>
    Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, string? stdin = null);
}

/// <summary>A finished command: exit code and output.</summary>
public sealed record CommandResult(int ExitCode, string StdOut, string StdErr);
