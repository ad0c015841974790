namespace Proxy.Capture.Iptables;

/// <summary>What iptables-save shows of ours: the ISTIO_* chains per table, how many rules they hold, and the
/// rules of built-in chains that jump into them (to delete before the chains can go).</summary>
public sealed class SavedState
{
    public List<(string Table, string Chain)> IstioChains { get; } = [];

    public List<(string Table, string[] Rule)> BuiltInRulesToRemove { get; } = [];

    public int IstioChainRuleCount { get; private set; }

    public bool HasIstioChains => IstioChains.Count > 0;

    public static SavedState Parse(string save)
    {
        var state = new SavedState();
        var table = "";
        foreach (var raw in save.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('*'))
            {
                table = line[1..].Trim();
            }
            else if (line.StartsWith(":ISTIO_", StringComparison.Ordinal))
            {
                state.IstioChains.Add((table, line[1..].Split(' ')[0]));
            }
            else if (line.StartsWith("-A ", StringComparison.Ordinal))
            {
                var words = line[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words[0].StartsWith("ISTIO_", StringComparison.Ordinal))
                {
                    state.IstioChainRuleCount++;
                }
                else if (RuleBuilder.IsBuiltIn(words[0]) && words.Length >= 2 && words[^2] == "-j" && words[^1].StartsWith("ISTIO_", StringComparison.Ordinal))
                {
                    state.BuiltInRulesToRemove.Add((table, words));
                }
            }
        }

        return state;
    }
}
