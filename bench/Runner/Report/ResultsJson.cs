using System.Text.Json;
using Bench.Runner.Model;

namespace Bench.Runner.Report;

/// <summary>
/// DIR/results.json in the shape of issue #5 (fortio's names where fortio has one, times in seconds):
/// {"Machine", "Date", "Runs": [{"Target", "Scenario", "Mode", "Connections", "RequestedQPS", "ActualQPS",
/// "Errors", "DurationHistogram": {"Percentiles": [{"Percentile", "Value"}]}, "AddedLatency": {"p50",
/// "p90", "p99"}, "CpuSecondsPer1000", "RssIdleKB", "RssPeakKB", "StartToFirstResponseMs"}]}. AddedLatency
/// and the process figures are written for proxies only; a few extra fields (Round, LoadGenerator, ...) follow.
/// </summary>
public static class ResultsJson
{
    public static void Write(string path, string machine, DateTimeOffset date, string upstream, string commandLine, IReadOnlyList<RunRecord> records)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("Machine", machine);
        w.WriteString("Date", date.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("Upstream", upstream);
        w.WriteString("CommandLine", commandLine);
        w.WriteStartArray("Runs");
        foreach (var r in records)
        {
            WriteRun(w, r);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter w, RunRecord r)
    {
        w.WriteStartObject();
        w.WriteString("Target", r.Target);
        w.WriteString("Scenario", ScenarioNames.Name(r.Scenario));
        w.WriteString("Mode", r.Mode == LoadMode.Fixed ? "fixed" : "max");
        w.WriteNumber("Connections", r.Connections);
        w.WriteNumber("RequestedQPS", r.RequestedQps);
        w.WriteNumber("ActualQPS", Math.Round(r.Load.ActualQps, 2));
        w.WriteNumber("Errors", r.Load.Errors);
        w.WriteStartObject("DurationHistogram");
        w.WriteNumber("Count", r.Load.Requests);
        w.WriteStartArray("Percentiles");
        foreach (var p in r.Load.Percentiles)
        {
            if (double.IsNaN(p.Seconds))
            {
                continue;
            }

            w.WriteStartObject();
            w.WriteNumber("Percentile", p.Rank);
            w.WriteNumber("Value", Math.Round(p.Seconds, 7));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        if (r.AddedP50 is { } a50 && r.AddedP90 is { } a90 && r.AddedP99 is { } a99)
        {
            w.WriteStartObject("AddedLatency");
            w.WriteNumber("p50", Math.Round(a50, 7));
            w.WriteNumber("p90", Math.Round(a90, 7));
            w.WriteNumber("p99", Math.Round(a99, 7));
            w.WriteEndObject();
        }

        if (r.CpuSecondsPer1000 is { } cpu)
        {
            w.WriteNumber("CpuSecondsPer1000", Math.Round(cpu, 4));
        }

        if (r.CpuUserSecondsPer1000 is { } user && r.CpuSystemSecondsPer1000 is { } system)
        {
            w.WriteNumber("CpuUserSecondsPer1000", Math.Round(user, 4));
            w.WriteNumber("CpuSystemSecondsPer1000", Math.Round(system, 4));
        }

        if (r.RssIdleKB is { } idle)
        {
            w.WriteNumber("RssIdleKB", idle);
        }

        if (r.RssPeakKB is { } peak)
        {
            w.WriteNumber("RssPeakKB", peak);
        }

        if (r.StartToFirstResponseMs is { } start)
        {
            w.WriteNumber("StartToFirstResponseMs", Math.Round(start, 1));
        }

        w.WriteNumber("Round", r.Round);
        w.WriteString("LoadGenerator", r.LoadGenerator);
        w.WriteNumber("ActualDuration", Math.Round(r.Load.DurationSeconds, 3));
        if (r.Note is not null)
        {
            w.WriteString("Note", r.Note);
        }

        w.WriteEndObject();
    }
}
