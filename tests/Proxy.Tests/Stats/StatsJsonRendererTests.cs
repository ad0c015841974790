using System.Text.Json;
using Proxy.Filters.Stats;
using Proxy.Stats;

namespace Proxy.Tests.Stats;

/// <summary>/stats?format=json, compared structurally with the documents in Envoy's admin tests.</summary>
public sealed class StatsJsonRendererTests
{
    private static JsonElement Render(StatsStore store, string query = "")
    {
        var writer = new StringWriter();
        var (status, contentType) = StatsEndpoints.Handle(store, "/stats?format=json" + query, writer);
        Assert.Equal(200, status);
        Assert.Equal(StatsEndpoints.JsonContentType, contentType);
        return JsonDocument.Parse(writer.ToString()).RootElement.Clone();
    }

    [Fact]
    public void StatsThenHistogramQuantiles()
    {
        var store = new StatsStore();
        store.Counter("c1").Add(10);
        store.TextReadout("t").Set("hello \"world\"");
        var h1 = store.Histogram("h1", HistogramUnit.Unspecified);
        var h2 = store.Histogram("h2", HistogramUnit.Unspecified);
        h1.Record(200);
        h2.Record(100);
        store.MergeHistograms();
        h1.Record(100);
        store.MergeHistograms();

        var stats = Render(store).GetProperty("stats");

        Assert.Equal(3, stats.GetArrayLength());
        Assert.Equal("t", stats[0].GetProperty("name").GetString());
        Assert.Equal("hello \"world\"", stats[0].GetProperty("value").GetString());
        Assert.Equal("c1", stats[1].GetProperty("name").GetString());
        Assert.Equal(10, stats[1].GetProperty("value").GetInt64());

        var histograms = stats[2].GetProperty("histograms");
        Assert.Equal(
            [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100],
            histograms.GetProperty("supported_quantiles").EnumerateArray().Select(e => e.GetDouble()));
        var computed = histograms.GetProperty("computed_quantiles");
        Assert.Equal("h1", computed[0].GetProperty("name").GetString());
        var h1Values = computed[0].GetProperty("values");
        Assert.Equal(100, h1Values[0].GetProperty("interval").GetDouble());
        Assert.Equal(102.5, h1Values[1].GetProperty("interval").GetDouble());
        Assert.Equal(105, h1Values[1].GetProperty("cumulative").GetDouble());
        Assert.Equal(205, h1Values[3].GetProperty("cumulative").GetDouble());
        Assert.Equal(209.98, h1Values[8].GetProperty("cumulative").GetDouble());

        var h2Values = computed[1].GetProperty("values");
        Assert.Equal(JsonValueKind.Null, h2Values[0].GetProperty("interval").ValueKind);
        Assert.Equal(110, h2Values[9].GetProperty("cumulative").GetDouble());
    }

    [Fact]
    public void NoHistogramEntryWhenNoneShown()
    {
        var store = new StatsStore();
        store.Counter("c1").Add(10);
        store.Histogram("h1", HistogramUnit.Unspecified);

        var stats = Render(store, "&usedonly").GetProperty("stats");

        var only = Assert.Single(stats.EnumerateArray());
        Assert.Equal("c1", only.GetProperty("name").GetString());
    }

    [Fact]
    public void CumulativeBucketsPerHistogram()
    {
        var store = StatsTestConfig.Store("""{"histogram_bucket_settings": [{"match": {"prefix": "h"}, "buckets": [4, 1, 3, 2]}]}""");
        var h1 = store.Histogram("h1", HistogramUnit.Unspecified);
        h1.Record(1);
        h1.Record(2);
        store.MergeHistograms();
        h1.Record(2);
        store.MergeHistograms();

        var histograms = Render(store, "&histogram_buckets=cumulative").GetProperty("stats")[0].GetProperty("histograms");

        var buckets = histograms[0].GetProperty("buckets");
        Assert.Equal("h1", histograms[0].GetProperty("name").GetString());
        Assert.Equal([1d, 2, 3, 4], buckets.EnumerateArray().Select(b => b.GetProperty("upper_bound").GetDouble()));

        // Prometheus semantics: a value equal to a bound counts in that bound's bucket.
        Assert.Equal([1L, 3, 3, 3], buckets.EnumerateArray().Select(b => b.GetProperty("cumulative").GetInt64()));
        Assert.Equal([0L, 1, 1, 1], buckets.EnumerateArray().Select(b => b.GetProperty("interval").GetInt64()));
    }

    [Fact]
    public void DisjointBucketsPerHistogram()
    {
        var store = StatsTestConfig.Store("""{"histogram_bucket_settings": [{"match": {"prefix": "h"}, "buckets": [1, 2, 3, 4]}]}""");
        var h1 = store.Histogram("h1", HistogramUnit.Unspecified);
        h1.Record(1);
        h1.Record(2);
        h1.Record(2);

        var buckets = Render(store, "&histogram_buckets=disjoint").GetProperty("stats")[0].GetProperty("histograms")[0].GetProperty("buckets");

        Assert.Equal([1L, 2, 0, 0], buckets.EnumerateArray().Select(b => b.GetProperty("cumulative").GetInt64()));
    }

    [Fact]
    public void DetailedListsTheBins()
    {
        var store = new StatsStore();
        var h = store.Histogram("h", HistogramUnit.Unspecified);
        h.Record(200);
        store.MergeHistograms();
        h.Record(0.5);

        var histograms = Render(store, "&histogram_buckets=detailed").GetProperty("stats")[0].GetProperty("histograms");

        Assert.Equal(10, histograms.GetProperty("supported_percentiles").GetArrayLength());
        var detail = histograms.GetProperty("details")[0];
        Assert.Equal("h", detail.GetProperty("name").GetString());
        var totals = detail.GetProperty("totals");
        Assert.Equal(0.5, totals[0].GetProperty("lower_bound").GetDouble());
        Assert.Equal(0.01, totals[0].GetProperty("width").GetDouble());
        Assert.Equal(200, totals[1].GetProperty("lower_bound").GetDouble());
        Assert.Equal(1, Assert.Single(detail.GetProperty("intervals").EnumerateArray()).GetProperty("count").GetInt64());
        Assert.Equal(0.505, detail.GetProperty("percentiles")[1].GetProperty("cumulative").GetDouble());
    }

    [Fact]
    public void FilterMatchesAnywhereInTheName()
    {
        var store = new StatsStore();
        store.Counter("h1_matches").Inc();
        store.Counter("x2").Inc();

        var stats = Render(store, "&filter=[a-z]1").GetProperty("stats");

        Assert.Equal("h1_matches", Assert.Single(stats.EnumerateArray()).GetProperty("name").GetString());
    }
}
