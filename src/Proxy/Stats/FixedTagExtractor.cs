namespace Proxy.Stats;

/// <summary>
/// A tag with a fixed value added to every stat (<c>stats_tags[].fixed_value</c>, or Envoy's
/// <c>--stats-tag name:value</c> command-line flag). Nothing is removed from the name.
/// </summary>
internal sealed class FixedTagExtractor : TagExtractor
{
    private readonly string _value;

    public FixedTagExtractor(string name, string value)
        : base(name, string.Empty)
    {
        _value = value;
    }

    public override bool TryExtract(TagExtractionContext context, List<StatTag> tags, RemovalRanges removals)
    {
        tags.Add(new StatTag(Name, _value));
        return true;
    }
}
