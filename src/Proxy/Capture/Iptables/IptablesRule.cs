namespace Proxy.Capture.Iptables;

/// <summary>One rule for one table: its chain and its full iptables arguments, starting with -A chain or -I chain N.</summary>
public sealed record IptablesRule(string Table, string Chain, IReadOnlyList<string> Parameters)
{
    public string Text => string.Join(' ', Parameters);

    /// <summary>The rule's match and target without the -A/-I prefix (what -C and -D take).</summary>
    public IEnumerable<string> Specification => Parameters.Skip(Parameters[0] == "-I" ? 3 : 2);
}
