using System.Globalization;
using System.Text;
using Bench.Runner.Model;

namespace Bench.Runner.Report;

/// <summary>
/// proxy-base against proxy-aot, round by round: on this kind of machine a target's figures move by a fifth
/// between runs a minute apart, so a change is read from the pairs measured in the same round (the median of
/// their ratios, and in how many rounds the new build did better) rather than from two medians alone.
/// One table per scenario, mode and connection count in which both were measured.
/// </summary>
public static class BeforeAfter
{
    public const string Before = "proxy-base";
    public const string After = "proxy-aot";

    private static readonly Measure[] FixedRate =
    [
        new("CPU s per 1000 requests", r => r.CpuSecondsPer1000, LowerIsBetter: true, Format: "0.000"),
        new("user CPU s per 1000 requests", r => r.CpuUserSecondsPer1000, LowerIsBetter: true, Format: "0.000"),
        new("added p50 ms", r => r.AddedP50 * 1000, LowerIsBetter: true, Format: "0.000"),
        new("added p90 ms", r => r.AddedP90 * 1000, LowerIsBetter: true, Format: "0.000"),
        new("added p99 ms", r => r.AddedP99 * 1000, LowerIsBetter: true, Format: "0.000"),
    ];

    private static readonly Measure[] MaximumRate =
    [
        new("qps", r => r.Load.ActualQps, LowerIsBetter: false, Format: "0"),
        new("CPU s per 1000 requests", r => r.CpuSecondsPer1000, LowerIsBetter: true, Format: "0.000"),
    ];

    /// <summary>The tables, or an empty string when no round measured both builds.</summary>
    public static string Render(IReadOnlyList<RunRecord> records)
    {
        var text = new StringBuilder();
        var groups = records
            .Where(r => r.Note is null && r.Target is Before or After)
            .GroupBy(r => (r.Scenario, r.Mode, r.Connections));
        foreach (var group in groups)
        {
            var pairs = group
                .GroupBy(r => r.Round)
                .Select(round => (Base: round.FirstOrDefault(r => r.Target == Before), New: round.FirstOrDefault(r => r.Target == After)))
                .Where(p => p.Base is not null && p.New is not null)
                .Select(p => (p.Base!, p.New!))
                .ToList();
            if (pairs.Count > 0)
            {
                Render(text, group.Key.Scenario, group.Key.Mode, group.Key.Connections, pairs);
            }
        }

        return text.ToString();
    }

    private static void Render(StringBuilder text, Scenario scenario, LoadMode mode, int connections, List<(RunRecord Base, RunRecord New)> pairs)
    {
        text.Append(CultureInfo.InvariantCulture, $"### {Before} → {After}: {MarkdownTable.Title(scenario, mode, pairs[0].Base.RequestedQps, connections)}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"| measure | {Before} (median) | {After} (median) | {After} ÷ {Before}, median of the rounds | rounds {After} did better |\n");
        text.Append("| --- | ---: | ---: | ---: | ---: |\n");
        foreach (var measure in mode == LoadMode.Fixed ? FixedRate : MaximumRate)
        {
            var values = pairs.Select(p => (Base: measure.Value(p.Base), New: measure.Value(p.New))).Where(v => v.Base is not null && v.New is not null).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            var ratios = values.Where(v => v.Base > 0).Select(v => (double?)(v.New!.Value / v.Base!.Value));
            var better = values.Count(v => measure.LowerIsBetter ? v.New < v.Base : v.New > v.Base);
            text.Append(CultureInfo.InvariantCulture, $"| {measure.Name} | {MarkdownTable.Number(Median.Of(values.Select(v => v.Base)), measure.Format)} | {MarkdownTable.Number(Median.Of(values.Select(v => v.New)), measure.Format)} | {MarkdownTable.Number(Median.Of(ratios), "0.00")} | {better} of {values.Count} |\n");
        }

        text.Append('\n');
    }

    private sealed record Measure(string Name, Func<RunRecord, double?> Value, bool LowerIsBetter, string Format);
}
