namespace Proxy.Stats;

/// <summary>
/// Turns a stat name into its tag-extracted name and ordered tags, as Envoy's <c>TagProducerImpl</c>:
/// every extractor runs on the original name (extractors without a prefix first, then those whose
/// prefix equals the name's first token, each group in configuration order); each match adds a tag
/// and the union of the matched ranges is cut from the name. When several extractors share a tag name
/// only the first that matches adds it. Immutable once built; used when a stat is created, never per request.
/// </summary>
public sealed class TagProducer
{
    private readonly TagExtractor[] _withoutPrefix;
    private readonly Dictionary<string, TagExtractor[]> _byPrefix;

    internal TagProducer(IReadOnlyList<TagExtractor> extractors, IReadOnlyList<StatTag> fixedTags)
    {
        var seen = new Dictionary<string, TagExtractor>(StringComparer.Ordinal);
        var withoutPrefix = new List<TagExtractor>();
        var byPrefix = new Dictionary<string, List<TagExtractor>>(StringComparer.Ordinal);
        foreach (var extractor in extractors)
        {
            if (seen.TryGetValue(extractor.Name, out var other))
            {
                other.OtherExtractorWithSameName = true;
                extractor.OtherExtractorWithSameName = true;
            }
            else
            {
                seen.Add(extractor.Name, extractor);
            }

            if (extractor.Prefix.Length == 0)
            {
                withoutPrefix.Add(extractor);
            }
            else
            {
                if (!byPrefix.TryGetValue(extractor.Prefix, out var list))
                {
                    list = [];
                    byPrefix.Add(extractor.Prefix, list);
                }

                list.Add(extractor);
            }
        }

        _withoutPrefix = [.. withoutPrefix];
        _byPrefix = byPrefix.ToDictionary(static kv => kv.Key, static kv => kv.Value.ToArray(), StringComparer.Ordinal);
        FixedTags = fixedTags;
    }

    /// <summary>Envoy's defaults: all built-in extractors, no custom tags.</summary>
    public static TagProducer Default { get; } = new([.. DefaultTagExtractors.All()], []);

    /// <summary>Tags added to every stat (<c>fixed_value</c> specifiers and command-line tags), in order.</summary>
    public IReadOnlyList<StatTag> FixedTags { get; }

    /// <summary>Returns the tag-extracted name of <paramref name="name"/> and appends its tags to <paramref name="tags"/>.</summary>
    public string ProduceTags(string name, List<StatTag> tags)
    {
        var context = new TagExtractionContext(name);
        var removals = new RemovalRanges();
        HashSet<string>? tagged = null;
        foreach (var extractor in _withoutPrefix)
        {
            Apply(extractor, context, tags, removals, ref tagged);
        }

        var dot = name.IndexOf('.');
        if (dot > 0 && _byPrefix.TryGetValue(name[..dot], out var prefixed))
        {
            foreach (var extractor in prefixed)
            {
                Apply(extractor, context, tags, removals, ref tagged);
            }
        }

        return removals.Apply(name);
    }

    private static void Apply(
        TagExtractor extractor,
        TagExtractionContext context,
        List<StatTag> tags,
        RemovalRanges removals,
        ref HashSet<string>? tagged)
    {
        if (extractor.OtherExtractorWithSameName && tagged is not null && tagged.Contains(extractor.Name))
        {
            return;
        }

        if (extractor.TryExtract(context, tags, removals) && extractor.OtherExtractorWithSameName)
        {
            (tagged ??= new HashSet<string>(StringComparer.Ordinal)).Add(extractor.Name);
        }
    }
}
