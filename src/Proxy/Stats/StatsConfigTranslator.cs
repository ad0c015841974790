using Proxy.Filters.Extensions;
using ProtoStatsConfig = Envoy.Config.Metrics.V3.StatsConfig;
using ProtoStatsMatcher = Envoy.Config.Metrics.V3.StatsMatcher;
using ProtoStringMatcher = Envoy.Type.Matcher.V3.StringMatcher;
using ProtoTagSpecifier = Envoy.Config.Metrics.V3.TagSpecifier;

namespace Proxy.Stats;

/// <summary>
/// Translates the bootstrap's <c>stats_config</c> once into <see cref="StatsOptions"/>, compiling every
/// regex; invalid input throws <see cref="ConfigException"/> naming the field
/// (<c>bootstrap: stats_config.stats_tags[2].regex: invalid regex '(': ...</c>).
/// </summary>
public static class StatsConfigTranslator
{
    /// <param name="config">The bootstrap's <c>stats_config</c>; null when absent.</param>
    /// <param name="commandLineTags">Envoy's <c>--stats-tag name:value</c> tags, added to every stat.</param>
    /// <param name="location">Where the config came from, prefixed to error messages.</param>
    public static StatsOptions Translate(
        ProtoStatsConfig? config,
        IReadOnlyList<StatTag>? commandLineTags = null,
        string location = "bootstrap: stats_config")
    {
        config ??= new ProtoStatsConfig();
        return new StatsOptions(
            TranslateTags(config, commandLineTags ?? [], location),
            TranslateMatcher(config.StatsMatcher, location + ".stats_matcher"),
            TranslateBuckets(config, location));
    }

    private static TagProducer TranslateTags(ProtoStatsConfig config, IReadOnlyList<StatTag> commandLineTags, string location)
    {
        var extractors = new List<TagExtractor>();

        // use_all_default_tags defaults to true (a BoolValue: absent means true).
        if (config.UseAllDefaultTags ?? true)
        {
            extractors.AddRange(DefaultTagExtractors.All());
        }

        var fixedTags = new List<StatTag>();
        foreach (var tag in commandLineTags)
        {
            extractors.Add(new FixedTagExtractor(tag.Name, tag.Value));
            fixedTags.Add(tag);
        }

        for (var i = 0; i < config.StatsTags.Count; i++)
        {
            var specifier = config.StatsTags[i];
            var at = $"{location}.stats_tags[{i}]";
            var name = specifier.TagName;
            if (string.IsNullOrEmpty(name))
            {
                throw new ConfigException($"{at}.tag_name: tag_name cannot be empty");
            }

            if (specifier.TagValueCase == ProtoTagSpecifier.TagValueOneofCase.FixedValue)
            {
                extractors.Add(new FixedTagExtractor(name, specifier.FixedValue));
                fixedTags.Add(new StatTag(name, specifier.FixedValue));
                continue;
            }

            if (string.IsNullOrEmpty(specifier.Regex))
            {
                // No regex: the built-in extractor(s) of that name (e.g. "envoy.cluster_name").
                var builtIn = DefaultTagExtractors.Matching(name).ToList();
                if (builtIn.Count == 0)
                {
                    throw new ConfigException(
                        $"{at}: No regex specified for tag specifier and no default regex for name: '{name}'");
                }

                extractors.AddRange(builtIn);
                continue;
            }

            if (specifier.Regex.Length > 1024)
            {
                throw new ConfigException($"{at}.regex: value length must be at most 1024 bytes");
            }

            try
            {
                // Envoy compiles custom tag regexes with std::regex (ECMAScript).
                extractors.Add(new RegexTagExtractor(name, specifier.Regex, RegexDialect.Ecma));
            }
            catch (ArgumentException e)
            {
                throw new ConfigException($"{at}.regex: invalid regex '{specifier.Regex}': {e.Message}", e);
            }
        }

        return new TagProducer(extractors, fixedTags);
    }

    private static StatsMatcher TranslateMatcher(ProtoStatsMatcher? matcher, string at)
    {
        if (matcher is null)
        {
            return StatsMatcher.AcceptAll;
        }

        switch (matcher.StatsMatcherCase)
        {
            case ProtoStatsMatcher.StatsMatcherOneofCase.RejectAll:
                return matcher.RejectAll ? StatsMatcher.RejectAll : StatsMatcher.AcceptAll;
            case ProtoStatsMatcher.StatsMatcherOneofCase.InclusionList:
                return StatsMatcher.Inclusion(TranslateList(matcher.InclusionList.Patterns, at + ".inclusion_list"));
            case ProtoStatsMatcher.StatsMatcherOneofCase.ExclusionList:
                return StatsMatcher.Exclusion(TranslateList(matcher.ExclusionList.Patterns, at + ".exclusion_list"));
            default:
                throw new ConfigException($"{at}: one of reject_all, exclusion_list or inclusion_list is required");
        }
    }

    private static List<StringMatch> TranslateList(IList<ProtoStringMatcher> patterns, string at)
    {
        if (patterns.Count == 0)
        {
            throw new ConfigException($"{at}.patterns: value must contain at least 1 item(s)");
        }

        var result = new List<StringMatch>(patterns.Count);
        for (var i = 0; i < patterns.Count; i++)
        {
            result.Add(TranslateStringMatcher(patterns[i], $"{at}.patterns[{i}]"));
        }

        return result;
    }

    /// <summary>Validates one StringMatcher as its proto rules say (prefix/suffix/contains non-empty).</summary>
    internal static StringMatch TranslateStringMatcher(ProtoStringMatcher matcher, string at)
    {
        var ignoreCase = matcher.IgnoreCase;
        switch (matcher.MatchPatternCase)
        {
            case ProtoStringMatcher.MatchPatternOneofCase.Exact:
                return StringMatch.Exact(matcher.Exact, ignoreCase);
            case ProtoStringMatcher.MatchPatternOneofCase.Prefix:
                RequireNonEmpty(matcher.Prefix, at + ".prefix");
                return StringMatch.Prefix(matcher.Prefix, ignoreCase);
            case ProtoStringMatcher.MatchPatternOneofCase.Suffix:
                RequireNonEmpty(matcher.Suffix, at + ".suffix");
                return StringMatch.Suffix(matcher.Suffix, ignoreCase);
            case ProtoStringMatcher.MatchPatternOneofCase.Contains:
                RequireNonEmpty(matcher.Contains, at + ".contains");
                return StringMatch.Contains(matcher.Contains, ignoreCase);
            case ProtoStringMatcher.MatchPatternOneofCase.SafeRegex:
                var regex = matcher.SafeRegex.Regex;
                RequireNonEmpty(regex, at + ".safe_regex.regex");
                try
                {
                    return StringMatch.SafeRegex(regex);
                }
                catch (ArgumentException e)
                {
                    throw new ConfigException($"{at}.safe_regex.regex: invalid regex '{regex}': {e.Message}", e);
                }

            case ProtoStringMatcher.MatchPatternOneofCase.Custom:
                throw new ConfigException($"{at}.custom: custom string matchers are not supported");
            default:
                throw new ConfigException($"{at}: one of exact, prefix, suffix, safe_regex or contains is required");
        }
    }

    private static HistogramBucketSettings TranslateBuckets(ProtoStatsConfig config, string location)
    {
        if (config.HistogramBucketSettings.Count == 0)
        {
            return HistogramBucketSettings.None;
        }

        var rules = new List<(StringMatch, double[])>();
        for (var i = 0; i < config.HistogramBucketSettings.Count; i++)
        {
            var setting = config.HistogramBucketSettings[i];
            var at = $"{location}.histogram_bucket_settings[{i}]";
            if (setting.Match is null)
            {
                throw new ConfigException($"{at}.match: value is required");
            }

            var match = TranslateStringMatcher(setting.Match, at + ".match");
            if (setting.Buckets.Count == 0)
            {
                throw new ConfigException($"{at}.buckets: value must contain at least 1 item(s)");
            }

            var buckets = setting.Buckets.ToArray();
            for (var b = 0; b < buckets.Length; b++)
            {
                if (!(buckets[b] > 0))
                {
                    throw new ConfigException($"{at}.buckets[{b}]: value must be greater than 0");
                }
            }

            Array.Sort(buckets);
            for (var b = 1; b < buckets.Length; b++)
            {
                if (buckets[b] == buckets[b - 1])
                {
                    throw new ConfigException($"{at}.buckets: repeated value must contain unique items ({buckets[b]})");
                }
            }

            rules.Add((match, buckets));
        }

        return new HistogramBucketSettings(rules);
    }

    private static void RequireNonEmpty(string value, string at)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ConfigException($"{at}: value length must be at least 1 characters");
        }
    }
}
