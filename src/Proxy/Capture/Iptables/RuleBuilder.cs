using System.Text;

namespace Proxy.Capture.Iptables;

/// <summary>
/// Collects rules per IP family in the order the capture logic adds them and renders them the way
/// istio-iptables does (tools/istio-iptables/pkg/builder): an iptables-restore payload per family whose tables
/// come in name order, each opening with -N for its non-built-in chains (in order of first use, then chains
/// only jumped to), then the rules as added; IPv6 rules are kept only when IPv6 is on.
/// </summary>
public sealed class RuleBuilder(bool ipv6)
{
    public const string VersionSpecific = "PLACEHOLDER_IP";

    private static readonly HashSet<string> BuiltInChains = ["INPUT", "OUTPUT", "FORWARD", "PREROUTING", "POSTROUTING"];

    /// <summary>Targets that are not chains: a rule jumping to them creates nothing.</summary>
    private static readonly HashSet<string> Targets = ["RETURN", "ACCEPT", "DROP", "REJECT", "LOG", "REDIRECT", "MARK", "TPROXY", "CT", "CONNMARK", "DNAT", "SNAT", "MASQUERADE"];

    public List<IptablesRule> V4 { get; } = [];

    public List<IptablesRule> V6 { get; } = [];

    public void Append(string chain, string table, params string[] parameters)
    {
        AppendV4(chain, table, parameters);
        AppendV6(chain, table, parameters);
    }

    public void AppendV4(string chain, string table, params string[] parameters) => V4.Add(new IptablesRule(table, chain, ["-A", chain, .. parameters]));

    public void AppendV6(string chain, string table, params string[] parameters)
    {
        if (ipv6)
        {
            V6.Add(new IptablesRule(table, chain, ["-A", chain, .. parameters]));
        }
    }

    /// <summary>Appends for both families, with <see cref="VersionSpecific"/> replaced by each family's address.</summary>
    public void AppendVersioned(string ipv4Value, string ipv6Value, string chain, string table, params string[] parameters)
    {
        AppendV4(chain, table, Replace(parameters, ipv4Value));
        AppendV6(chain, table, Replace(parameters, ipv6Value));
    }

    public void Insert(string chain, string table, int position, params string[] parameters)
    {
        InsertV4(chain, table, position, parameters);
        InsertV6(chain, table, position, parameters);
    }

    public void InsertV4(string chain, string table, int position, params string[] parameters) =>
        V4.Add(new IptablesRule(table, chain, ["-I", chain, position.ToString(System.Globalization.CultureInfo.InvariantCulture), .. parameters]));

    public void InsertV6(string chain, string table, int position, params string[] parameters)
    {
        if (ipv6)
        {
            V6.Add(new IptablesRule(table, chain, ["-I", chain, position.ToString(System.Globalization.CultureInfo.InvariantCulture), .. parameters]));
        }
    }

    public static bool IsBuiltIn(string chain) => BuiltInChains.Contains(chain);

    /// <summary>The iptables-restore payload for <paramref name="rules"/>; empty when there are none.</summary>
    public static string BuildRestore(IReadOnlyList<IptablesRule> rules)
    {
        var tables = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var created = new HashSet<(string Chain, string Table)>();
        List<string> Table(string name) => tables.TryGetValue(name, out var lines) ? lines : tables[name] = [];

        foreach (var rule in rules)
        {
            if (created.Add((rule.Chain, rule.Table)) && !IsBuiltIn(rule.Chain))
            {
                Table(rule.Table).Add("-N " + rule.Chain);
            }
        }

        // Chains that are only jumped to still need to exist.
        foreach (var rule in rules)
        {
            var p = rule.Parameters;
            if (p.Count >= 2 && p[^2] == "-j" && created.Add((p[^1], rule.Table)) && !IsBuiltIn(p[^1]) && !Targets.Contains(p[^1]))
            {
                Table(rule.Table).Add("-N " + p[^1]);
            }
        }

        foreach (var rule in rules)
        {
            Table(rule.Table).Add(rule.Text);
        }

        var text = new StringBuilder();
        foreach (var (name, lines) in tables)
        {
            text.Append("* ").Append(name).Append('\n');
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }

            text.Append("COMMIT\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// The iptables commands that undo <paramref name="rules"/>: each rule deleted, last first, then each
    /// non-built-in chain flushed and deleted (istio-iptables' cleanup).
    /// </summary>
    public static List<string[]> BuildCleanup(IReadOnlyList<IptablesRule> rules)
    {
        var commands = new List<string[]>();
        for (var i = rules.Count - 1; i >= 0; i--)
        {
            commands.Add(["-t", rules[i].Table, "-D", rules[i].Chain, .. rules[i].Specification]);
        }

        var seen = new HashSet<(string, string)>();
        for (var i = rules.Count - 1; i >= 0; i--)
        {
            var rule = rules[i];
            if (!IsBuiltIn(rule.Chain) && seen.Add((rule.Chain, rule.Table)))
            {
                commands.Add(["-t", rule.Table, "-F", rule.Chain]);
                commands.Add(["-t", rule.Table, "-X", rule.Chain]);
            }
        }

        return commands;
    }

    private static string[] Replace(string[] parameters, string value)
    {
        var result = new string[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            result[i] = parameters[i] == VersionSpecific ? value : parameters[i];
        }

        return result;
    }
}
