namespace Proxy.Stats;

/// <summary>
/// A stat the store exports, with what tag extraction made of its name: the full name (tags embedded,
/// what /stats prints), the tag-extracted name (the Prometheus metric family) and the ordered tags
/// (the Prometheus labels).
/// </summary>
public sealed class RegisteredStat<TStat>
    where TStat : class
{
    private readonly StatNaming _naming;

    internal RegisteredStat(TStat stat, string name, StatNaming naming)
    {
        Stat = stat;
        Name = name;
        _naming = naming;
    }

    public TStat Stat { get; }

    public string Name { get; }

    /// <summary>The Prometheus metric family, from tag extraction (worked out on first use).</summary>
    public string TagExtractedName => _naming.TagExtractedName;

    /// <summary>The tags, in extraction order (worked out on first use).</summary>
    public IReadOnlyList<StatTag> Tags => _naming.Tags;
}
