using System.Globalization;
using System.Text;
using Bench.Runner.Model;

namespace Bench.Runner.Report;

/// <summary>
/// The tables bench/run prints: one per scenario, mode and connection count, one row per target. At a
/// fixed rate the ratio columns compare added latency (and CPU) with nginx's, haproxy's and Envoy's, and the
/// total p99 with direct's; at maximum rate they compare throughput. A ratio column appears only when its
/// baseline was measured in the group; "-" where a figure does not apply or its baseline is not positive.
/// </summary>
public static class MarkdownTable
{
    /// <summary>The proxies every other target is compared with, in column order.</summary>
    public static readonly string[] Baselines = ["nginx", "haproxy", "envoy"];

    public static string Render(IReadOnlyList<SummaryGroup> groups)
    {
        var text = new StringBuilder();
        foreach (var group in groups)
        {
            Render(text, group);
            text.Append('\n');
        }

        return text.ToString();
    }

    public static void Render(StringBuilder text, SummaryGroup group)
    {
        var fixedRate = group.Mode == LoadMode.Fixed;
        text.Append("### ").Append(Title(group.Scenario, group.Mode, group.RequestedQps, group.Connections)).Append("\n\n");

        var direct = Find(group, "direct");
        var baselines = Baselines.Select(b => Find(group, b)).Where(b => b is not null).Select(b => b!).ToList();
        var header = new List<string> { "target", "qps", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms" };
        if (fixedRate)
        {
            header.AddRange(["+p50 ms", "+p90 ms", "+p99 ms"]);
        }

        header.AddRange(["errors", "CPU s/1k req", "user/sys", "RSS idle/peak MiB", "start ms"]);
        if (fixedRate)
        {
            if (direct is not null)
            {
                header.Add("p99 ÷ direct");
            }

            header.AddRange(baselines.Select(b => $"+p99 ÷ {b.Target}"));
            header.AddRange(baselines.Select(b => $"CPU ÷ {b.Target}"));
        }
        else
        {
            if (direct is not null)
            {
                header.Add("qps ÷ direct");
            }

            header.AddRange(baselines.Select(b => $"qps ÷ {b.Target}"));
        }

        Row(text, header);
        Row(text, header.Select((_, i) => i == 0 ? "---" : "---:").ToList());
        foreach (var r in group.Rows)
        {
            var cells = new List<string>
            {
                r.Note is null ? r.Target : $"{r.Target} ({r.Note})",
                Number(r.ActualQps, "0.0"),
                Ms(r.P50),
                Ms(r.P90),
                Ms(r.P99),
                Ms(r.P999),
            };
            if (fixedRate)
            {
                cells.AddRange([Ms(r.AddedP50), Ms(r.AddedP90), Ms(r.AddedP99)]);
            }

            cells.Add(r.Errors.ToString(CultureInfo.InvariantCulture));
            cells.Add(Number(r.CpuSecondsPer1000, "0.000"));
            cells.Add(r.CpuUserSecondsPer1000 is null || r.CpuSystemSecondsPer1000 is null
                ? "-"
                : $"{Number(r.CpuUserSecondsPer1000, "0.000")}/{Number(r.CpuSystemSecondsPer1000, "0.000")}");
            cells.Add(r.RssIdleKB is null && r.RssPeakKB is null ? "-" : $"{Number(r.RssIdleKB / 1024, "0.0")}/{Number(r.RssPeakKB / 1024, "0.0")}");
            cells.Add(Number(r.StartToFirstResponseMs, "0"));
            if (fixedRate)
            {
                if (direct is not null)
                {
                    cells.Add(Ratio(r.P99, direct.P99));
                }

                cells.AddRange(baselines.Select(b => Ratio(r.AddedP99, b.AddedP99)));
                cells.AddRange(baselines.Select(b => Ratio(r.CpuSecondsPer1000, b.CpuSecondsPer1000)));
            }
            else
            {
                if (direct is not null)
                {
                    cells.Add(Ratio(r.ActualQps, direct.ActualQps));
                }

                cells.AddRange(baselines.Select(b => Ratio(r.ActualQps, b.ActualQps)));
            }

            Row(text, cells);
        }
    }

    /// <summary>value ÷ baseline as "1.23"; "-" when either is missing or the baseline is not positive.</summary>
    public static string Ratio(double? value, double? baseline) =>
        value is { } v && baseline is { } b && b > 0 ? (v / b).ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static TargetSummary? Find(SummaryGroup group, string target) =>
        group.Rows.FirstOrDefault(r => r.Target == target && r.Rounds > 0);

    private static string Ms(double? seconds) => Number(seconds * 1000, "0.000");

    /// <summary>A group's name in headings: "http1, 1000 qps, 16 connections" or "h2c, maximum rate, 16 connections".</summary>
    internal static string Title(Scenario scenario, LoadMode mode, double requestedQps, int connections)
    {
        var rate = mode == LoadMode.Fixed
            ? string.Create(CultureInfo.InvariantCulture, $"{requestedQps:0.###} qps")
            : "maximum rate";
        return string.Create(CultureInfo.InvariantCulture, $"{ScenarioNames.Name(scenario)}, {rate}, {connections} connections");
    }

    /// <summary>A figure in a table cell; "-" when there is none.</summary>
    internal static string Number(double? value, string format) =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static void Row(StringBuilder text, List<string> cells)
    {
        text.Append("| ");
        text.AppendJoin(" | ", cells);
        text.Append(" |\n");
    }
}
