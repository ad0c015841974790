using Bench.Runner.Model;

namespace Bench.Runner.Report;

/// <summary>
/// Folds the per-round records into one row per target and group (scenario, mode, connections), in the
/// order they were measured: medians over rounds, so one noisy round on a shared machine does not decide.
/// </summary>
public static class Summarizer
{
    public static List<SummaryGroup> Build(IReadOnlyList<RunRecord> records)
    {
        var keys = new List<(Scenario Scenario, LoadMode Mode, int Connections)>();
        foreach (var r in records)
        {
            if (!keys.Contains((r.Scenario, r.Mode, r.Connections)))
            {
                keys.Add((r.Scenario, r.Mode, r.Connections));
            }
        }

        var groups = new List<SummaryGroup>();
        foreach (var key in keys)
        {
            var inGroup = records.Where(r => r.Scenario == key.Scenario && r.Mode == key.Mode && r.Connections == key.Connections).ToList();
            var targets = inGroup.Select(r => r.Target).Distinct().ToList();
            var rows = targets.Select(t => Summarize(t, inGroup.Where(r => r.Target == t).ToList())).ToList();
            groups.Add(new SummaryGroup(key.Scenario, key.Mode, key.Connections, inGroup[0].RequestedQps, rows));
        }

        return groups;
    }

    private static TargetSummary Summarize(string target, List<RunRecord> rounds)
    {
        var ok = rounds.Where(r => r.Note is null).ToList();
        return new TargetSummary
        {
            Target = target,
            Rounds = ok.Count,
            ActualQps = Median.Of(ok.Select(r => (double?)r.Load.ActualQps)),
            P50 = Median.Of(ok.Select(r => (double?)r.Load.At(50))),
            P90 = Median.Of(ok.Select(r => (double?)r.Load.At(90))),
            P99 = Median.Of(ok.Select(r => (double?)r.Load.At(99))),
            P999 = Median.Of(ok.Select(r => (double?)r.Load.At(99.9))),
            AddedP50 = Median.Of(ok.Select(r => r.AddedP50)),
            AddedP90 = Median.Of(ok.Select(r => r.AddedP90)),
            AddedP99 = Median.Of(ok.Select(r => r.AddedP99)),
            Errors = rounds.Sum(r => r.Load.Errors),
            CpuSecondsPer1000 = Median.Of(ok.Select(r => r.CpuSecondsPer1000)),
            CpuUserSecondsPer1000 = Median.Of(ok.Select(r => r.CpuUserSecondsPer1000)),
            CpuSystemSecondsPer1000 = Median.Of(ok.Select(r => r.CpuSystemSecondsPer1000)),
            RssIdleKB = Median.Of(ok.Select(r => (double?)r.RssIdleKB)),
            RssPeakKB = Median.Of(ok.Select(r => (double?)r.RssPeakKB)),
            StartToFirstResponseMs = Median.Of(ok.Select(r => r.StartToFirstResponseMs)),
            Note = rounds.FirstOrDefault(r => r.Note is not null)?.Note,
        };
    }
}
