using System.Text.RegularExpressions;

namespace Proxy.Stats;

/// <summary>
/// A regex tag extractor. The regex is searched in the stat name; its first capture group is the part
/// removed from the name and its second group (or the first, when there is no second) the tag value.
/// Two flavours, as Envoy: custom <c>stats_tags</c> regexes are C++ <c>std::regex</c> (a match with at
/// least one group always tags, even with an empty value), while the built-in ones are RE2
/// <c>PartialMatch</c> (the removed part must be non-empty, and an optional <c>substr</c> must occur in the
/// name and a "negative match" value is never a tag, e.g. <c>listener.admin.</c> has no listener_address).
/// </summary>
internal sealed class RegexTagExtractor : TagExtractor
{
    private readonly Regex _regex;
    private readonly RegexDialect _dialect;
    private readonly string _substring;
    private readonly string _negativeMatch;
    private readonly int _groupCount;

    public RegexTagExtractor(
        string name,
        string regex,
        RegexDialect dialect,
        string substring = "",
        string negativeMatch = "")
        : base(name, RegexPrefix(regex))
    {
        _regex = RegexTranslator.Compile(regex, dialect, needsCaptures: true);
        _dialect = dialect;
        _substring = substring;
        _negativeMatch = negativeMatch;
        _groupCount = _regex.GetGroupNumbers().Length - 1;
    }

    public override bool TryExtract(TagExtractionContext context, List<StatTag> tags, RemovalRanges removals)
    {
        var name = context.Name;
        if (_substring.Length != 0 && !name.Contains(_substring, StringComparison.Ordinal))
        {
            return false;
        }

        // The regex must have at least one group (std::regex: match.size() > 1; RE2: both arguments).
        if (_groupCount < 1 || (_dialect == RegexDialect.Re2 && _groupCount < 2))
        {
            return false;
        }

        var match = _regex.Match(name);
        if (!match.Success)
        {
            return false;
        }

        var remove = match.Groups[1];
        var value = _groupCount >= 2 ? match.Groups[2] : remove;
        if (_dialect == RegexDialect.Re2)
        {
            if (!remove.Success || remove.Length == 0)
            {
                return false;
            }

            var tagValue = value.Success && value.Length != 0 ? value.Value : remove.Value;
            if (_negativeMatch.Length != 0 && tagValue == _negativeMatch)
            {
                return false;
            }

            tags.Add(new StatTag(Name, tagValue));
        }
        else
        {
            tags.Add(new StatTag(Name, value.Success ? value.Value : string.Empty));
        }

        if (remove.Success)
        {
            removals.Add(remove.Index, remove.Index + remove.Length);
        }

        return true;
    }
}
