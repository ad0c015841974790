using System.Text.Json;
using Envoy.Config.Metrics.V3;
using Google.Protobuf;
using Proxy.Stats;

namespace Proxy.Tests.Stats;

/// <summary>Builds stats options from Istio's real bootstrap goldens and from inline JSON.</summary>
internal static class StatsTestConfig
{
    /// <summary>The <c>stats_config</c> of a golden in istio/bootstrap/golden, parsed as proto JSON.</summary>
    public static StatsConfig IstioGolden(string name = "all_golden.json")
    {
        var path = ConformanceData.PathOf(System.IO.Path.Combine("istio", "bootstrap", "golden", name));
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return Parse(doc.RootElement.GetProperty("stats_config").GetRawText());
    }

    public static StatsConfig Parse(string json) => JsonParser.Default.Parse<StatsConfig>(json);

    public static StatsStore IstioStore(string golden = "all_golden.json") =>
        new(StatsConfigTranslator.Translate(IstioGolden(golden)));

    public static StatsStore Store(string statsConfigJson) =>
        new(StatsConfigTranslator.Translate(Parse(statsConfigJson)));

    /// <summary>Tag-extracted name and tags of a name under the given options.</summary>
    public static (string Name, List<StatTag> Tags) Extract(StatsOptions options, string name)
    {
        var tags = new List<StatTag>();
        var extracted = options.TagProducer.ProduceTags(name, tags);
        return (extracted, tags);
    }
}
