namespace Proxy.Stats;

/// <summary>
/// What tag extraction makes of a stat's name (the tag-extracted name and the tags), worked out the first time
/// a renderer asks rather than when the stat is registered: a mesh-sized xDS push registers tens of
/// thousands of cluster stats, and running every extractor's regex over each name up front cost more than
/// the rest of the push. Racing first reads compute the same value; one of them is kept.
/// </summary>
internal sealed class StatNaming
{
    private readonly TagProducer _producer;
    private readonly string _fullName;
    private readonly string? _tagExtractedName;
    private readonly IReadOnlyList<KeyValuePair<string, string>>? _explicitTags;
    private Described? _described;

    public StatNaming(TagProducer producer, string fullName, string? tagExtractedName, IReadOnlyList<KeyValuePair<string, string>>? explicitTags)
    {
        _producer = producer;
        _fullName = fullName;
        _tagExtractedName = tagExtractedName;
        _explicitTags = explicitTags;
    }

    public string TagExtractedName => Get().TagExtractedName;

    public StatTag[] Tags => Get().Tags;

    private Described Get() => Volatile.Read(ref _described) ?? Interlocked.CompareExchange(ref _described, Describe(), null) ?? _described!;

    private Described Describe()
    {
        var tags = new List<StatTag>();
        if (_explicitTags is null)
        {
            var extracted = _producer.ProduceTags(_fullName, tags);
            return new Described(extracted, [.. tags]);
        }

        // Explicit tags skip extraction; the fixed tags still apply to every stat.
        foreach (var (tagName, tagValue) in _explicitTags)
        {
            tags.Add(new StatTag(tagName, tagValue));
        }

        tags.AddRange(_producer.FixedTags);
        return new Described(_tagExtractedName ?? _fullName, [.. tags]);
    }

    private sealed record Described(string TagExtractedName, StatTag[] Tags);
}
