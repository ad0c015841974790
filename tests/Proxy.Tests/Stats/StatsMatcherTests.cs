using Proxy.Stats;

namespace Proxy.Tests.Stats;

public sealed class StatsMatcherTests
{
    private static StatsMatcher Matcher(string json) =>
        StatsConfigTranslator.Translate(StatsTestConfig.Parse("{\"stats_matcher\": " + json + "}")).Matcher;

    [Fact]
    public void RejectAllTrueAndFalse()
    {
        Assert.True(Matcher("""{"reject_all": true}""").Rejects("server.state"));
        Assert.False(Matcher("""{"reject_all": false}""").Rejects("server.state"));
    }

    [Fact]
    public void ExclusionListRejectsMatches()
    {
        var matcher = Matcher("""{"exclusion_list": {"patterns": [{"suffix": "_total"}, {"contains": ".ssl."}]}}""");

        Assert.True(matcher.Rejects("cluster.a.upstream_rq_total"));
        Assert.True(matcher.Rejects("listener.x.ssl.handshake"));
        Assert.False(matcher.Rejects("server.state"));
    }

    [Fact]
    public void InclusionListKeepsOnlyMatches()
    {
        var matcher = Matcher("""{"inclusion_list": {"patterns": [{"exact": "server.state"}, {"prefix": "cluster_manager"}]}}""");

        Assert.False(matcher.Rejects("server.state"));
        Assert.False(matcher.Rejects("cluster_manager.cds.update_success"));
        Assert.True(matcher.Rejects("server.state2"));
    }

    [Fact]
    public void IgnoreCaseAppliesToStringMatchers()
    {
        var matcher = Matcher("""{"inclusion_list": {"patterns": [{"prefix": "SERVER.", "ignore_case": true}]}}""");

        Assert.False(matcher.Rejects("server.state"));
    }

    [Fact]
    public void SafeRegexMustMatchTheWholeName()
    {
        var matcher = Matcher("""{"inclusion_list": {"patterns": [{"safe_regex": {"regex": "vhost\\..*\\.route\\..*"}}]}}""");

        Assert.False(matcher.Rejects("vhost.a.route.b.upstream_rq_total"));
        Assert.True(matcher.Rejects("x.vhost.a.route.b"));
    }

    [Fact]
    public void SafeRegexIgnoresIgnoreCase()
    {
        var matcher = Matcher("""{"inclusion_list": {"patterns": [{"safe_regex": {"regex": "server\\..*"}, "ignore_case": true}]}}""");

        Assert.True(matcher.Rejects("SERVER.state"));
    }
}
