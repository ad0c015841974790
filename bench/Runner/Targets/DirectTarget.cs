using Bench.Runner.Model;
using Bench.Runner.Upstreams;

namespace Bench.Runner.Targets;

/// <summary>The load generator talks to the upstream itself; every "added latency" is relative to this.</summary>
public sealed class DirectTarget : Target
{
    public override string Name => "direct";

    public override bool IsProxy => false;

    public override string? Unavailable(BenchContext ctx) => null;

    public override RunningTarget Start(BenchContext ctx, Scenario scenario, RunningUpstream upstream) =>
        new(ScenarioNames.IsH2c(scenario) ? upstream.H2cPort : upstream.Http1Port, null);
}
