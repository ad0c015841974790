namespace Proxy.Stats;

/// <summary>
/// One tag extraction rule (Envoy's <c>TagExtractor</c>): finds a tag value in a stat name and the part
/// of the name to remove. An extractor with a <see cref="Prefix"/> only runs on names whose first token
/// equals it (Envoy's prefix optimisation; it never changes the result).
/// </summary>
internal abstract class TagExtractor
{
    protected TagExtractor(string name, string prefix)
    {
        Name = name;
        Prefix = prefix;
    }

    /// <summary>The tag name, e.g. <c>envoy.cluster_name</c> or a configured <c>tag_name</c>.</summary>
    public string Name { get; }

    /// <summary>The first token a name must have for this extractor to apply; empty when any name may match.</summary>
    public string Prefix { get; }

    /// <summary>
    /// Set while the producer is built when another extractor has the same tag name: then only the first
    /// one that matches a given stat adds the tag (Envoy's duplicate-tag rule).
    /// </summary>
    public bool OtherExtractorWithSameName { get; internal set; }

    /// <summary>Adds the tag and the range to remove when the name matches; false otherwise.</summary>
    public abstract bool TryExtract(TagExtractionContext context, List<StatTag> tags, RemovalRanges removals);

    /// <summary>
    /// Envoy's <c>extractRegexPrefix</c>: for a regex "^word\." (or "^word(?=\.)", or exactly "^word$")
    /// the word is the required first token; anything else has no prefix.
    /// </summary>
    public static string RegexPrefix(string regex)
    {
        if (regex.Length == 0 || regex[0] != '^')
        {
            return string.Empty;
        }

        for (var i = 1; i < regex.Length; i++)
        {
            var c = regex[i];
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                continue;
            }

            if (i > 1)
            {
                var lastChar = i == regex.Length - 1;
                var rest = regex.AsSpan(i);
                if ((!lastChar && (rest.StartsWith("\\.") || rest.StartsWith("(?=\\."))) || (lastChar && c == '$'))
                {
                    return regex[1..i];
                }
            }

            break;
        }

        return string.Empty;
    }
}
