namespace Proxy.Capture.Iptables;

/// <summary>
/// Applies or removes the capture rules with the real programs (through <see cref="ICommandRunner"/>), per IP
/// family: iptables/iptables-save/iptables-restore and their ip6tables twins.
/// </summary>
public sealed class IptablesApplier(ICommandRunner runner, TextWriter log)
{
    public async Task<int> ApplyAsync(CaptureConfig config, RuleBuilder rules)
    {
        foreach (var family in Families(config, rules))
        {
            // 1. Already in place (every rule present, no extra rule in our chains)? Then nothing to do.
            var save = await RunCheckedAsync(family.Save, []).ConfigureAwait(false);
            var state = SavedState.Parse(save.StdOut);
            if (state.HasIstioChains)
            {
                if (await InPlaceAsync(family, state).ConfigureAwait(false))
                {
                    await log.WriteLineAsync($"{family.Tool}: capture rules already in place, nothing changed").ConfigureAwait(false);
                    continue;
                }

                // 2. Leftovers of another configuration: remove them first (istio-iptables' reconcile).
                await RemoveAsync(family, state).ConfigureAwait(false);
            }

            // 3. Apply in one transaction per family, keeping everything that is not ours.
            var payload = RuleBuilder.BuildRestore(family.Rules);
            if (payload.Length > 0)
            {
                await RunCheckedAsync(family.Restore, ["--noflush"], payload).ConfigureAwait(false);
                await log.WriteLineAsync($"{family.Restore} --noflush:\n{payload.TrimEnd()}").ConfigureAwait(false);
            }
        }

        // 4. TPROXY needs marked packets routed to loopback; IPv6 needs ::6 on lo for the inbound passthrough source.
        if (config.InboundInterceptionMode == "TPROXY" && config.InboundPortsInclude.Length > 0)
        {
            foreach (var inet in config.EnableIpv6 ? new[] { "inet", "inet6" } : ["inet"])
            {
                await RunIgnoringExistsAsync("ip", ["-f", inet, "rule", "add", "fwmark", config.InboundTProxyMark, "lookup", config.InboundTProxyRouteTable]).ConfigureAwait(false);
                await RunIgnoringExistsAsync("ip", ["-f", inet, "route", "add", "local", "default", "dev", "lo", "table", config.InboundTProxyRouteTable]).ConfigureAwait(false);
            }
        }

        if (config.EnableIpv6)
        {
            await RunIgnoringExistsAsync("ip", ["-6", "addr", "add", "::6/128", "dev", "lo"]).ConfigureAwait(false);
        }

        return 0;
    }

    public async Task<int> CleanupAsync(CaptureConfig config, RuleBuilder rules)
    {
        foreach (var family in Families(config, rules))
        {
            var save = await RunCheckedAsync(family.Save, []).ConfigureAwait(false);
            await RemoveAsync(family, SavedState.Parse(save.StdOut)).ConfigureAwait(false);
            await log.WriteLineAsync($"{family.Tool}: capture rules removed").ConfigureAwait(false);
        }

        return 0;
    }

    private static IEnumerable<Family> Families(CaptureConfig config, RuleBuilder rules)
    {
        yield return new Family("iptables", "iptables-save", "iptables-restore", rules.V4);
        if (config.EnableIpv6)
        {
            yield return new Family("ip6tables", "ip6tables-save", "ip6tables-restore", rules.V6);
        }
    }

    /// <summary>Every expected rule passes <c>-C</c> and our chains hold exactly as many rules as expected.</summary>
    private async Task<bool> InPlaceAsync(Family family, SavedState state)
    {
        var expectedInIstioChains = 0;
        foreach (var rule in family.Rules)
        {
            if (rule.Chain.StartsWith("ISTIO_", StringComparison.Ordinal))
            {
                expectedInIstioChains++;
            }

            var check = await runner.RunAsync(family.Tool, ["-t", rule.Table, "-C", rule.Chain, .. rule.Specification]).ConfigureAwait(false);
            if (check.ExitCode != 0)
            {
                return false;
            }
        }

        return state.IstioChainRuleCount == expectedInIstioChains;
    }

    /// <summary>Deletes the jumps from built-in chains into ISTIO_* chains and our other built-in rules, then the chains.</summary>
    private async Task RemoveAsync(Family family, SavedState state)
    {
        foreach (var (table, rule) in state.BuiltInRulesToRemove)
        {
            await runner.RunAsync(family.Tool, ["-t", table, "-D", .. rule]).ConfigureAwait(false);
        }

        foreach (var command in RuleBuilder.BuildCleanup(family.Rules))
        {
            await runner.RunAsync(family.Tool, command).ConfigureAwait(false);
        }

        foreach (var (table, chain) in state.IstioChains)
        {
            await runner.RunAsync(family.Tool, ["-t", table, "-F", chain]).ConfigureAwait(false);
        }

        foreach (var (table, chain) in state.IstioChains)
        {
            await runner.RunAsync(family.Tool, ["-t", table, "-X", chain]).ConfigureAwait(false);
        }
    }

    private async Task<CommandResult> RunCheckedAsync(string program, IReadOnlyList<string> arguments, string? stdin = null)
    {
        var result = await runner.RunAsync(program, arguments, stdin).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new IptablesException($"{program} {string.Join(' ', arguments)} failed with exit code {result.ExitCode}: {result.StdErr.Trim()}");
        }

        return result;
    }

    private async Task RunIgnoringExistsAsync(string program, IReadOnlyList<string> arguments)
    {
        var result = await runner.RunAsync(program, arguments).ConfigureAwait(false);
        // "File exists" (ip rule/route), "address already assigned" (ip addr): already done by an earlier run.
        if (result.ExitCode != 0 && !result.StdErr.Contains("exists", StringComparison.OrdinalIgnoreCase) &&
            !result.StdErr.Contains("already assigned", StringComparison.OrdinalIgnoreCase))
        {
            throw new IptablesException($"{program} {string.Join(' ', arguments)} failed with exit code {result.ExitCode}: {result.StdErr.Trim()}");
        }
    }

    private sealed record Family(string Tool, string Save, string Restore, IReadOnlyList<IptablesRule> Rules);
}
