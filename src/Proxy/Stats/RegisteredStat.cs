namespace Proxy.Stats;

/// <summary>
/// A stat the store exports, with what tag extraction made of its name: the full name (tags embedded,
/// what /stats prints), the tag-extracted name (the Prometheus metric family) and the ordered tags
/// (the Prometheus labels).
/// </summary>
public sealed class RegisteredStat<TStat>
    where TStat : class
{
    internal RegisteredStat(TStat stat, string name, string tagExtractedName, StatTag[] tags)
    {
        Stat = stat;
        Name = name;
        TagExtractedName = tagExtractedName;
        Tags = tags;
    }

    public TStat Stat { get; }

    public string Name { get; }

    public string TagExtractedName { get; }

    public IReadOnlyList<StatTag> Tags { get; }
}
