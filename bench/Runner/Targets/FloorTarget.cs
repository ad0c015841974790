using System.Globalization;
using Bench.Runner.Model;
using Bench.Runner.Processes;
using Bench.Runner.Upstreams;

namespace Bench.Runner.Targets;

/// <summary>
/// The floors (bench/Floor): minimal C# HTTP/1.1 forwarders on the proxy's runtime and socket settings
/// (inline completions on --concurrency socket threads, workstation GC), with no header policy, routing,
/// stats or filters. "floor" relays bytes socket to socket: what any proxy on .NET sockets pays.
/// "floor-transport" reads and writes the downstream side through Kestrel's socket transport and pipes:
/// what those add. "floor-kestrel" goes through Kestrel's HTTP server and an HttpContext as the proxy does:
/// what the codec and the HttpContext add. The distance from there to proxy-jit and proxy-aot is what the
/// proxy's own layers cost. JIT builds, warmed as proxy-jit is.
/// </summary>
public sealed class FloorTarget : Target
{
    /// <summary>The target names, and the forwarder's mode flag for each.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Modes = new Dictionary<string, string?>
    {
        ["floor"] = null,
        ["floor-transport"] = "--transport",
        ["floor-kestrel"] = "--kestrel",
    };

    private readonly string _name;

    public FloorTarget(string name) => _name = Modes.ContainsKey(name) ? name : throw new ArgumentException($"not a floor target: {name}", nameof(name));

    public override string Name => _name;

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
        var args = new List<string> { ctx.Options.FloorDll!, "--listen", port.ToString(CultureInfo.InvariantCulture), "--upstream", upstream.Http1Port.ToString(CultureInfo.InvariantCulture) };
        if (Modes[_name] is { } mode)
        {
            args.Add(mode);
        }

        var process = ctx.Children.Start(Name, "dotnet", args, env);
        return new RunningTarget(port, process);
    }
}
