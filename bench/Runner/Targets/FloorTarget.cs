using System.Globalization;
using Bench.Runner.Model;
using Bench.Runner.Processes;
using Bench.Runner.Upstreams;

namespace Bench.Runner.Targets;

/// <summary>
/// The floor (bench/Floor): a minimal C# HTTP/1.1 forwarder on the proxy's runtime and socket settings
/// (inline completions on --concurrency socket threads, workstation GC), with no header rewriting,
/// routing, stats or filters. What it costs is what any proxy on .NET sockets pays; the distance from it
/// to proxy-jit and proxy-aot is what the proxy's own layers cost. A JIT build, warmed as proxy-jit is.
/// </summary>
public sealed class FloorTarget : Target
{
    public override string Name => "floor";

    public override string? Unavailable(BenchContext ctx) =>
        ctx.Options.FloorDll is { } dll && File.Exists(dll) ? null : "no bench-floor.dll (bench/run builds bench/Floor; or pass --floor-dll)";

    public override string? Unsupported(BenchContext ctx, Scenario scenario) =>
        scenario is Scenario.Http1 or Scenario.Large ? null : "the floor forwarder speaks HTTP/1.1 only";

    public override RunningTarget Start(BenchContext ctx, Scenario scenario, RunningUpstream upstream)
    {
        var port = FreePort.Get();
        var env = new Dictionary<string, string>
        {
            ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
            ["DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT"] = ctx.Options.Concurrency.ToString(CultureInfo.InvariantCulture),
        };
        var process = ctx.Children.Start("floor", "dotnet",
            [ctx.Options.FloorDll!, "--listen", port.ToString(CultureInfo.InvariantCulture), "--upstream", upstream.Http1Port.ToString(CultureInfo.InvariantCulture)], env);
        return new RunningTarget(port, process);
    }
}
