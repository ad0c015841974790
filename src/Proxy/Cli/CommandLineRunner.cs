namespace Proxy.Cli;

/// <summary>
/// The process entry's command-line half: parse, answer --help/--version/--hot-restart-version, report
/// usage errors as Envoy does ("PARSE ERROR: ..." plus a short usage on stderr, exit code 1), otherwise run
/// the parsed options. Program.Main calls <c>CommandLineRunner.Run(args, Console.Out, Console.Error, run)</c>
/// where <c>run</c> dispatches on <see cref="ProxyOptions.Mode"/> (validate → BootstrapValidation.Run).
/// </summary>
public static class CommandLineRunner
{
    /// <summary>The name printed in usage and version texts: the executable's (Istio installs it as "envoy").</summary>
    public static string ProgramName { get; } = ExecutableName();

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, Func<ProxyOptions, int> run)
    {
        ProxyOptions options;
        try
        {
            options = CommandLineParser.Parse(args);
        }
        catch (UsageException e)
        {
            stderr.Write($"PARSE ERROR: {e.Message}\n\n{CommandLineUsage.Brief(ProgramName)}\n");
            return 1;
        }

        if (options.Help)
        {
            stdout.Write(CommandLineUsage.Full(ProgramName));
            return 0;
        }

        if (options.Version)
        {
            stdout.Write(VersionInfo.Text(ProgramName));
            return 0;
        }

        if (options.HotRestartVersion)
        {
            // Envoy prints its hot-restart compatibility version to stderr; there is none without hot restart.
            stderr.Write("disabled");
            return 0;
        }

        return run(options);
    }

    private static string ExecutableName()
    {
        var name = Path.GetFileNameWithoutExtension(Environment.ProcessPath);
        return string.IsNullOrEmpty(name) || name == "dotnet" ? "proxy" : name;
    }
}
