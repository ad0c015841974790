using System.Globalization;
using Bench.Runner.Model;

namespace Bench.Runner.Options;

/// <summary>Parses bench/run's command line; throws <see cref="ArgumentException"/> with the option named.</summary>
public static class OptionParser
{
    public const string Usage = """
usage: bench/run [options]
  --duration 30s          measured window per run (ms, s, m)
  --warmup 3s             load sent and discarded before each window
  --jit-warmup 30s        warm-up for proxy-jit and the floors when longer (tiered JIT settles after ~30 s)
  --connections 16        connection counts, comma separated (e.g. 2,16,64)
  --qps 1000              fixed-mode rate, total over all connections
  --large-qps 100         fixed-mode rate for the 1 MiB scenario
  --targets LIST          direct,proxy-jit,proxy-aot,nginx,haproxy,envoy (missing tools are skipped);
                          also floor, floor-transport, floor-kestrel: minimal C# forwarders (bench/Floor);
                          proxy-base: the NativeAOT binary named by --proxy-base, for before/after in one run
  --scenarios LIST        http1,h2c,tcp,large
  --modes LIST            fixed,max
  --rounds 1              repeat the targets, their order rotating each round (direct first); the table shows medians
  --concurrency 2         workers of every proxy
  --payload 1024          small response size in bytes
  --out DIR               results directory (bench/run's default: bench/out/<UTC timestamp>)
  --upstream auto         auto|fortio|nginx|echo
  --load auto             auto|fortio|h2load (h2load also means wrk for max-rate HTTP/1.1)
  --load-threads 1        threads of the load generator
  --fortio PATH  --envoy PATH  --proxy-dll PATH  --proxy-aot PATH  --upstream-dll PATH  --floor-dll PATH
  --proxy-base PATH       NativeAOT binary of the proxy-base target (e.g. a build of an earlier commit)
  --proxy-env NAME=VALUE  extra environment for proxy-jit/proxy-aot/proxy-base (repeatable)
  --proxy-arg ARG         extra argument for proxy-jit/proxy-aot/proxy-base (repeatable)
  --help                  this text
bench/run only (not the runner): --build-aot (publish the NativeAOT proxy first), --no-build
""";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        var env = new List<string>();
        var extra = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{name} needs a value");
                }

                return args[++i];
            }

            o = name switch
            {
                "--duration" => o with { Duration = ParseDuration(name, Value()) },
                "--warmup" => o with { Warmup = ParseDuration(name, Value()) },
                "--jit-warmup" => o with { JitWarmup = ParseDuration(name, Value()) },
                "--connections" => o with { Connections = ParseList(Value()).Select(v => ParseInt(name, v, 1)).ToArray() },
                "--qps" => o with { Qps = ParseDouble(name, Value()) },
                "--large-qps" => o with { LargeQps = ParseDouble(name, Value()) },
                "--targets" => o with { Targets = ParseTargets(Value()) },
                "--scenarios" => o with { Scenarios = ParseList(Value()).Select(ScenarioNames.Parse).ToArray() },
                "--modes" => o with { Modes = ParseList(Value()).Select(ParseMode).ToArray() },
                "--rounds" => o with { Rounds = ParseInt(name, Value(), 1) },
                "--concurrency" => o with { Concurrency = ParseInt(name, Value(), 1) },
                "--payload" => o with { Payload = ParseInt(name, Value(), 0) },
                "--out" => o with { Out = Value() },
                "--upstream" => o with { Upstream = OneOf(name, Value(), "auto", "fortio", "nginx", "echo") },
                "--load" => o with { LoadGenerator = OneOf(name, Value(), "auto", "fortio", "h2load") },
                "--load-threads" => o with { LoadThreads = ParseInt(name, Value(), 1) },
                "--fortio" => o with { Fortio = Value() },
                "--envoy" => o with { Envoy = Value() },
                "--proxy-dll" => o with { ProxyDll = Value() },
                "--proxy-aot" => o with { ProxyAot = Value() },
                "--proxy-base" => o with { ProxyBase = Value() },
                "--upstream-dll" => o with { UpstreamDll = Value() },
                "--floor-dll" => o with { FloorDll = Value() },
                "--proxy-env" => AddTo(env, Value(), o),
                "--proxy-arg" => AddTo(extra, Value(), o),
                "--help" or "-h" => o with { Help = true },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        return o with { ProxyEnv = env, ProxyArgs = extra };
    }

    public static TimeSpan ParseDuration(string option, string text)
    {
        var (digits, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new ArgumentException($"{option}: '{text}' is not a duration (e.g. 30s, 500ms, 2m)");
        }

        return TimeSpan.FromSeconds(value * unit);
    }

    private static BenchOptions AddTo(List<string> list, string value, BenchOptions o)
    {
        list.Add(value);
        return o;
    }

    private static string[] ParseList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string[] ParseTargets(string text)
    {
        var known = new[] { "direct", "proxy-jit", "proxy-aot", "proxy-base", "nginx", "haproxy", "envoy", "floor", "floor-transport", "floor-kestrel" };
        var list = ParseList(text);
        foreach (var t in list)
        {
            if (Array.IndexOf(known, t) < 0)
            {
                throw new ArgumentException($"--targets: unknown target '{t}' ({string.Join(", ", known)})");
            }
        }

        return list;
    }

    private static LoadMode ParseMode(string text) => text switch
    {
        "fixed" => LoadMode.Fixed,
        "max" => LoadMode.Max,
        _ => throw new ArgumentException($"--modes: unknown mode '{text}' (fixed, max)"),
    };

    private static int ParseInt(string option, string text, int min)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw new ArgumentException($"{option}: '{text}' is not an integer >= {min}");
        }

        return value;
    }

    private static double ParseDouble(string option, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new ArgumentException($"{option}: '{text}' is not a positive number");
        }

        return value;
    }

    private static string OneOf(string option, string value, params string[] allowed) =>
        Array.IndexOf(allowed, value) >= 0 ? value : throw new ArgumentException($"{option}: '{value}' is not one of {string.Join(", ", allowed)}");
}
