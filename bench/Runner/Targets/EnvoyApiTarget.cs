using System.Globalization;
using Bench.Runner.Model;
using Bench.Runner.Processes;
using Bench.Runner.Upstreams;

namespace Bench.Runner.Targets;

/// <summary>
/// Our proxy (JIT or NativeAOT, and proxy-base: a second NativeAOT binary to compare with) or Envoy: both
/// read the same v3 bootstrap (<see cref="EnvoyBootstrap"/>) and take Envoy's command line.
/// </summary>
public sealed class EnvoyApiTarget : Target
{
    private readonly string _name;

    public EnvoyApiTarget(string name) => _name = name;

    public override string Name => _name;

    public override string? Unavailable(BenchContext ctx) => _name switch
    {
        "proxy-jit" => ctx.Options.ProxyDll is { } dll && File.Exists(dll) ? null : "no proxy.dll (build src/Proxy in Release or pass --proxy-dll)",
        "proxy-aot" => ctx.Options.ProxyAot is { } bin && File.Exists(bin) ? null : "no NativeAOT binary (bench/run publishes it; or pass --proxy-aot)",
        "proxy-base" => ctx.Options.ProxyBase is { } bin && File.Exists(bin) ? null : "no binary to compare with (--proxy-base PATH)",
        _ => Tools.Find(ctx.Options.Envoy, "envoy") is null ? "no envoy binary on PATH (or --envoy PATH)" : null,
    };

    public override RunningTarget Start(BenchContext ctx, Scenario scenario, RunningUpstream upstream)
    {
        var o = ctx.Options;
        var dir = ctx.NewDirectory(_name);
        var port = FreePort.Get();
        var admin = FreePort.Get();
        var config = Path.Combine(dir, "bootstrap.yaml");
        File.WriteAllText(config, EnvoyBootstrap.Build(scenario, port, admin, upstream.Http1Port));
        var args = new List<string> { "-c", config, "--concurrency", o.Concurrency.ToString(CultureInfo.InvariantCulture), "--log-level", "warn" };
        var env = new Dictionary<string, string>();
        string file;
        switch (_name)
        {
            case "proxy-jit":
                file = "dotnet";
                args.Insert(0, o.ProxyDll!);
                break;
            case "proxy-aot":
                file = o.ProxyAot!;
                break;
            case "proxy-base":
                file = o.ProxyBase!;
                break;
            default:
                file = Tools.Find(o.Envoy, "envoy")!;
                args.Add("--disable-hot-restart");
                break;
        }

        if (_name != "envoy")
        {
            args.AddRange(o.ProxyArgs);
            foreach (var pair in o.ProxyEnv)
            {
                var eq = pair.IndexOf('=');
                if (eq > 0)
                {
                    env[pair[..eq]] = pair[(eq + 1)..];
                }
            }
        }

        return new RunningTarget(port, ctx.Children.Start(_name, file, args, env));
    }
}
