using Proxy.Filters.Extensions;
using Proxy.Stats;

namespace Proxy.Tests.Stats;

public sealed class StatsConfigTranslatorTests
{
    private static ConfigException Fails(string json) =>
        Assert.Throws<ConfigException>(() => StatsConfigTranslator.Translate(StatsTestConfig.Parse(json)));

    [Fact]
    public void AbsentConfigMeansDefaults()
    {
        var options = StatsConfigTranslator.Translate(null);

        Assert.False(options.Matcher.Rejects("anything"));
        var (name, _) = StatsTestConfig.Extract(options, "cluster.foo.upstream_rq_200");
        Assert.Equal("cluster.upstream_rq", name);
    }

    [Fact]
    public void InvalidCustomRegexNamesTheField()
    {
        var e = Fails("""{"stats_tags": [{"tag_name": "ok", "regex": "(a)"}, {"tag_name": "bad", "regex": "(a"}]}""");

        Assert.StartsWith("bootstrap: stats_config.stats_tags[1].regex: invalid regex '(a': ", e.Message);
    }

    [Fact]
    public void EmptyTagNameIsRefused()
    {
        var e = Fails("""{"stats_tags": [{"regex": "(a)"}]}""");

        Assert.Equal("bootstrap: stats_config.stats_tags[0].tag_name: tag_name cannot be empty", e.Message);
    }

    [Fact]
    public void TagWithoutRegexUsesTheBuiltInOfThatName()
    {
        var options = StatsConfigTranslator.Translate(StatsTestConfig.Parse(
            """{"use_all_default_tags": false, "stats_tags": [{"tag_name": "envoy.cluster_name"}]}"""));

        var (name, tags) = StatsTestConfig.Extract(options, "cluster.foo.upstream_rq_200");

        Assert.Equal("cluster.upstream_rq_200", name);
        Assert.Equal([new("envoy.cluster_name", "foo")], tags);
    }

    [Fact]
    public void TagWithoutRegexAndNoBuiltInIsRefused()
    {
        var e = Fails("""{"stats_tags": [{"tag_name": "mine"}]}""");

        Assert.Equal(
            "bootstrap: stats_config.stats_tags[0]: No regex specified for tag specifier and no default regex for name: 'mine'",
            e.Message);
    }

    [Fact]
    public void SameTagNameTwiceTagsOnlyOnce()
    {
        // Envoy: with several extractors of one name, the first that matches wins.
        var options = StatsConfigTranslator.Translate(StatsTestConfig.Parse(
            """{"use_all_default_tags": false, "stats_tags": [{"tag_name": "t", "regex": "(\\.a)"}, {"tag_name": "t", "regex": "(\\.b)"}]}"""));

        var (name, tags) = StatsTestConfig.Extract(options, "x.a.b");

        Assert.Equal([new("t", ".a")], tags);
        Assert.Equal("x.b", name);
    }

    [Fact]
    public void StdRegexWithOneGroupUsesItAsValue()
    {
        var options = StatsConfigTranslator.Translate(StatsTestConfig.Parse(
            """{"use_all_default_tags": false, "stats_tags": [{"tag_name": "t", "regex": "\\.(b)"}]}"""));

        var (name, tags) = StatsTestConfig.Extract(options, "x.b.c");

        Assert.Equal([new("t", "b")], tags);
        Assert.Equal("x..c", name);
    }

    [Fact]
    public void InvalidSafeRegexInMatcherNamesTheField()
    {
        var e = Fails("""{"stats_matcher": {"inclusion_list": {"patterns": [{"prefix": "a"}, {"safe_regex": {"regex": "a(?=b)"}}]}}}""");

        Assert.StartsWith("bootstrap: stats_config.stats_matcher.inclusion_list.patterns[1].safe_regex.regex: invalid regex 'a(?=b)'", e.Message);
    }

    [Fact]
    public void EmptyPrefixIsRefused()
    {
        var e = Fails("""{"stats_matcher": {"exclusion_list": {"patterns": [{"prefix": ""}]}}}""");

        Assert.Equal("bootstrap: stats_config.stats_matcher.exclusion_list.patterns[0].prefix: value length must be at least 1 characters", e.Message);
    }

    [Fact]
    public void HistogramBucketsMustBePositiveAndUnique()
    {
        Assert.Equal(
            "bootstrap: stats_config.histogram_bucket_settings[0].buckets[1]: value must be greater than 0",
            Fails("""{"histogram_bucket_settings": [{"match": {"prefix": "a"}, "buckets": [1, 0]}]}""").Message);
        Assert.StartsWith(
            "bootstrap: stats_config.histogram_bucket_settings[0].buckets: repeated value must contain unique items",
            Fails("""{"histogram_bucket_settings": [{"match": {"prefix": "a"}, "buckets": [2, 1, 2]}]}""").Message);
        Assert.Equal(
            "bootstrap: stats_config.histogram_bucket_settings[0].match: value is required",
            Fails("""{"histogram_bucket_settings": [{"buckets": [1]}]}""").Message);
    }
}
