using Proxy.Stats;

namespace Proxy.Tests.Stats;

public sealed class StatsQueryTests
{
    [Fact]
    public void ParsesFlagsAndValues()
    {
        Assert.True(StatsQuery.TryParse("/stats?usedonly&filter=a%5C.b&type=Gauges&format=json&histogram_buckets=disjoint", out var query, out _));

        Assert.True(query.UsedOnly);
        Assert.Equal(StatsType.Gauges, query.Type);
        Assert.Equal(StatsFormat.Json, query.Format);
        Assert.Equal(HistogramBucketsMode.Disjoint, query.HistogramBuckets);
        Assert.True(query.Shows("xa.by", used: true));
        Assert.False(query.Shows("xa.by", used: false));
        Assert.False(query.Shows("xaxby", used: true));
    }

    [Fact]
    public void NoneMeansSummary()
    {
        Assert.True(StatsQuery.TryParse("/stats?histogram_buckets=none", out var query, out _));

        Assert.Equal(HistogramBucketsMode.Summary, query.HistogramBuckets);
    }

    [Theory]
    [InlineData("/stats?format=blergh", "usage: /stats?format=(html|active-html|json|prometheus|text)\n\n")]
    [InlineData("/stats?format=html", "HTML output was disabled by building with --define=admin_html=disabled")]
    [InlineData("/stats?type=Things", "invalid &type= param")]
    [InlineData("/stats?filter=(", "Invalid re2 regex")]
    [InlineData("/stats?histogram_buckets=invalid_input", "usage: /stats?histogram_buckets=(cumulative|disjoint|detailed|summary)\n")]
    public void ErrorsAreEnvoysMessages(string target, string expected)
    {
        Assert.False(StatsQuery.TryParse(target, out _, out var error));
        Assert.Equal(expected, error);

        var writer = new StringWriter();
        var (status, _) = StatsEndpoints.Handle(new StatsStore(), target, writer);
        Assert.Equal(400, status);
        Assert.Equal(expected, writer.ToString());
    }
}
