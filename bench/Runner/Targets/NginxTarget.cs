using Bench.Runner.Model;
using Bench.Runner.Processes;
using Bench.Runner.Upstreams;

namespace Bench.Runner.Targets;

/// <summary>nginx as a reverse proxy (http) or L4 proxy (stream module, for tcp).</summary>
public sealed class NginxTarget : Target
{
    public override string Name => "nginx";

    public override string? Unavailable(BenchContext ctx) => Tools.Find(null, "nginx") is null ? "nginx not installed" : null;

    public override string? Unsupported(BenchContext ctx, Scenario scenario) =>
        scenario == Scenario.Tcp && !File.Exists(NginxConfig.StreamModule) ? "nginx stream module missing (apt-get install libnginx-mod-stream)" : null;

    public override RunningTarget Start(BenchContext ctx, Scenario scenario, RunningUpstream upstream)
    {
        var dir = ctx.NewDirectory("nginx");
        var port = FreePort.Get();
        var conf = Path.Combine(dir, "nginx.conf");
        File.WriteAllText(conf, NginxConfig.Proxy(dir, scenario, port, upstream.Http1Port, ctx.Options.Concurrency));
        var process = ctx.Children.Start("nginx", Tools.Find(null, "nginx")!, ["-p", dir, "-c", conf, "-e", "stderr"]);
        return new RunningTarget(port, process);
    }
}
