using Bench.Runner.Model;
using Bench.Runner.Processes;
using Bench.Runner.Upstreams;

namespace Bench.Runner.Targets;

/// <summary>haproxy in the foreground (-db), mode http or tcp.</summary>
public sealed class HaproxyTarget : Target
{
    public override string Name => "haproxy";

    public override string? Unavailable(BenchContext ctx) => Tools.Find(null, "haproxy") is null ? "haproxy not installed" : null;

    public override RunningTarget Start(BenchContext ctx, Scenario scenario, RunningUpstream upstream)
    {
        var dir = ctx.NewDirectory("haproxy");
        var port = FreePort.Get();
        var conf = Path.Combine(dir, "haproxy.cfg");
        File.WriteAllText(conf, HaproxyConfig.Build(scenario, port, upstream.Http1Port, ctx.Options.Concurrency));
        var process = ctx.Children.Start("haproxy", Tools.Find(null, "haproxy")!, ["-db", "-f", conf]);
        return new RunningTarget(port, process);
    }
}
