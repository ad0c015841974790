using Bench.Runner.Model;

namespace Bench.Runner.Report;

/// <summary>
/// Added latency of each proxy = its percentile minus direct's in the same turn (scenario, mode,
/// connections, round). Only at a fixed rate: at maximum throughput latency is queueing, not hop cost.
/// </summary>
public static class AddedLatency
{
    public static void Fill(IReadOnlyList<RunRecord> turn)
    {
        RunRecord? direct = null;
        foreach (var r in turn)
        {
            if (r.Target == "direct" && r.Note is null)
            {
                direct = r;
            }
        }

        if (direct is null)
        {
            return;
        }

        foreach (var r in turn)
        {
            if (r.Target == "direct" || r.Mode != LoadMode.Fixed || r.Note is not null)
            {
                continue;
            }

            r.AddedP50 = r.Load.At(50) - direct.Load.At(50);
            r.AddedP90 = r.Load.At(90) - direct.Load.At(90);
            r.AddedP99 = r.Load.At(99) - direct.Load.At(99);
        }
    }
}
