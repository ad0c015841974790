using Bench.Runner.Model;
using Bench.Runner.Upstreams;

namespace Bench.Runner.Targets;

/// <summary>One thing measured: no proxy, or a proxy configured like the others (same workers, upstream
/// keep-alive, no access log).</summary>
public abstract class Target
{
    public abstract string Name { get; }

    /// <summary>False for direct: it has no process of its own, so no CPU, memory or start time.</summary>
    public virtual bool IsProxy => true;

    /// <summary>Null when the target can run here; otherwise why not (tool missing).</summary>
    public abstract string? Unavailable(BenchContext ctx);

    /// <summary>Null when the scenario can run; otherwise why not.</summary>
    public virtual string? Unsupported(BenchContext ctx, Scenario scenario) => null;

    /// <summary>Writes the config and starts the process; the harness then waits for the first response.</summary>
    public abstract RunningTarget Start(BenchContext ctx, Scenario scenario, RunningUpstream upstream);
}
