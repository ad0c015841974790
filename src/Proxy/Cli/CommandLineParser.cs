namespace Proxy.Cli;

/// <summary>
/// Parses Envoy's command line into <see cref="ProxyOptions"/>. Like Envoy's TCLAP parser: a value flag takes
/// the next argument whatever it looks like; a flag given twice, an unknown flag, a missing value and a
/// positional argument are errors; <c>--</c> or <c>--ignore_rest</c> ends parsing; <c>-h/--help</c> and
/// <c>--version</c> stop at once. Unlike TCLAP (built with a space delimiter), <c>--flag=value</c> is accepted too.
/// </summary>
public static class CommandLineParser
{
    /// <exception cref="UsageException">The command line is not valid; the message names the flag.</exception>
    public static ProxyOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ProxyOptions();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--" or "--ignore_rest")
            {
                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                throw new UsageException($"unexpected argument '{arg}': every argument is a flag or a flag's value");
            }

            var spelling = arg;
            string? inlineValue = null;
            var equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 2)
            {
                spelling = arg[..equals];
                inlineValue = arg[(equals + 1)..];
            }

            var flag = CommandLineFlags.Find(spelling) ?? throw new UsageException($"{spelling}: unknown flag");
            string value;
            if (flag.Kind == FlagKind.Switch)
            {
                if (inlineValue is not null)
                {
                    throw new UsageException($"{spelling}: takes no value");
                }

                value = string.Empty;
            }
            else if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"{spelling}: missing value");
            }

            if (flag.Kind != FlagKind.Multi && !seen.Add(flag.Long))
            {
                throw new UsageException($"{spelling}: given more than once");
            }

            options = flag.Apply(options, spelling, value);
            if (options.Help || options.Version)
            {
                return options;
            }
        }

        if (options.UseDynamicBaseId && options.RestartEpoch > 0)
        {
            throw new UsageException($"--restart-epoch: cannot use --restart-epoch={options.RestartEpoch} with --use-dynamic-base-id");
        }

        return options;
    }
}
