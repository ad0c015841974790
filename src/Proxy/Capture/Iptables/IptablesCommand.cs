using System.Text;
using Proxy.Cli;

namespace Proxy.Capture.Iptables;

/// <summary>
/// <c>proxy iptables [flags]</c>: what Istio's init container runs (istio-iptables), so a pod can use this
/// binary for both containers. Steps, as istio-iptables: read the current state (iptables-save, ip6tables-save);
/// leave it alone when the rules are already in place (running twice changes nothing); otherwise remove
/// leftovers and apply the rules with iptables-restore --noflush per family; TPROXY also gets its policy route
/// and IPv6 the ::6 loopback address. --dry-run prints exactly what istio-iptables' goldens record (the save
/// commands, the restore payloads, the final saves) and touches nothing; --cleanup removes the rules.
/// </summary>
public static class IptablesCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr, Environment.GetEnvironmentVariable, () => IptablesFlags.ReadResolvConf(), new ProcessCommandRunner())
            .GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr,
        Func<string, string?> environment, Func<IReadOnlyList<string>> resolvConf, ICommandRunner runner)
    {
        if (args.Count == 1 && args[0] is "--help" or "-h")
        {
            await stdout.WriteAsync(IptablesFlags.Usage()).ConfigureAwait(false);
            return 0;
        }

        CaptureConfig config;
        try
        {
            config = IptablesFlags.Parse(args, environment, resolvConf);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync("proxy iptables: " + e.Message).ConfigureAwait(false);
            await stderr.WriteLineAsync("run 'proxy iptables --help' for the flags").ConfigureAwait(false);
            return 1;
        }

        var rules = CaptureRules.Build(config);
        if (config.DryRun)
        {
            await stdout.WriteAsync(config.CleanupOnly ? DryRunCleanup(rules) : DryRunApply(config, rules)).ConfigureAwait(false);
            return 0;
        }

        try
        {
            var applier = new IptablesApplier(runner, stdout);
            return config.CleanupOnly ? await applier.CleanupAsync(config, rules).ConfigureAwait(false) : await applier.ApplyAsync(config, rules).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            await stderr.WriteLineAsync("proxy iptables: " + e.Message).ConfigureAwait(false);
            return 1;
        }
        catch (IptablesException e)
        {
            await stderr.WriteLineAsync("proxy iptables: " + e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>istio-iptables' dry-run record: both saves, the IPv4 payload, the IPv6 payload when IPv6 is on, the final saves.</summary>
    internal static string DryRunApply(CaptureConfig config, RuleBuilder rules)
    {
        var text = new StringBuilder("iptables-save\nip6tables-save\n");
        text.Append(RuleBuilder.BuildRestore(rules.V4));
        text.Append(RuleBuilder.BuildRestore(rules.V6));
        text.Append("iptables-save\n");
        if (config.EnableIpv6)
        {
            text.Append("ip6tables-save\n");
        }

        return text.ToString();
    }

    private static string DryRunCleanup(RuleBuilder rules)
    {
        var text = new StringBuilder();
        foreach (var (program, family) in new[] { ("iptables", rules.V4), ("ip6tables", rules.V6) })
        {
            foreach (var command in RuleBuilder.BuildCleanup(family))
            {
                text.Append(program).Append(' ').AppendJoin(' ', command).Append('\n');
            }
        }

        return text.ToString();
    }
}
