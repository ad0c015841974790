using System.Diagnostics;
using System.Globalization;
using Bench.Runner.Load;
using Bench.Runner.Measure;
using Bench.Runner.Model;
using Bench.Runner.Options;
using Bench.Runner.Processes;
using Bench.Runner.Report;
using Bench.Runner.Targets;
using Bench.Runner.Upstreams;

namespace Bench.Runner;

/// <summary>
/// The run: for each scenario, connection count and mode, <see cref="BenchOptions.Rounds"/> times, every
/// target in turn (A B C A B C ...): start it, time the first proxied response, read idle RSS, warm up,
/// read CPU, send the measured window, read CPU and peak RSS, stop it. Direct runs first in each turn so
/// every proxy's added latency is against a baseline taken minutes, not an hour, apart.
/// </summary>
public sealed class Harness
{
    private readonly BenchContext _ctx;
    private readonly List<RunRecord> _records = [];
    private readonly List<string> _notes = [];

    public Harness(BenchContext ctx) => _ctx = ctx;

    public IReadOnlyList<RunRecord> Records => _records;

    public IReadOnlyList<string> Notes => _notes;

    public string UpstreamKind { get; private set; } = "";

    public async Task RunAsync(Action<IReadOnlyList<RunRecord>> checkpoint, CancellationToken cancel)
    {
        var o = _ctx.Options;
        var targets = new List<Target>();
        foreach (var name in o.Targets)
        {
            Target target = name switch
            {
                "direct" => new DirectTarget(),
                "nginx" => new NginxTarget(),
                "haproxy" => new HaproxyTarget(),
                _ when FloorTarget.Modes.ContainsKey(name) => new FloorTarget(name),
                _ => new EnvoyApiTarget(name),
            };
            if (target.Unavailable(_ctx) is { } why)
            {
                Note($"skipping {name}: {why}");
                continue;
            }

            targets.Add(target);
        }

        // Direct first: it is the baseline of its turn. The others keep the order given (a stable move,
        // List.Sort is not stable).
        var direct = targets.FindIndex(t => !t.IsProxy);
        if (direct > 0)
        {
            var baseline = targets[direct];
            targets.RemoveAt(direct);
            targets.Insert(0, baseline);
        }

        var fortio = o.LoadGenerator != "h2load" ? Tools.Find(o.Fortio, "fortio") : null;
        if (o.LoadGenerator == "fortio" && fortio is null)
        {
            throw new InvalidOperationException("--load fortio: fortio not found (on PATH or --fortio)");
        }

        var h2load = Tools.Find(null, "h2load");
        var wrk = Tools.Find(null, "wrk");
        if (fortio is null && h2load is null)
        {
            throw new InvalidOperationException("no load generator: install fortio, or h2load (nghttp2-client) and wrk");
        }

        // fortio before 1.53 has no h2c client: h2c load then comes from h2load, noted once.
        var fortioH2c = fortio is not null && await Fortio.SupportsH2cAsync(fortio, cancel).ConfigureAwait(false);
        var upstream = await UpstreamLauncher.StartAsync(_ctx, cancel).ConfigureAwait(false);
        UpstreamKind = upstream.Kind;
        Note($"upstream: {upstream.Kind} (HTTP/1.1 on :{upstream.Http1Port}, h2c on :{upstream.H2cPort}); load: "
             + (fortio is not null ? "fortio" : wrk is not null ? "h2load (fixed rate; maximum rate for h2c) + wrk (maximum rate, HTTP/1.1)" : "h2load"));
        try
        {
            foreach (var scenario in o.Scenarios)
            {
                foreach (var connections in o.Connections)
                {
                    foreach (var mode in o.Modes)
                    {
                        for (var round = 1; round <= o.Rounds; round++)
                        {
                            var group = new List<RunRecord>();
                            foreach (var target in RoundOrder.For(targets, round, fixedFirst: targets.Count > 0 && !targets[0].IsProxy ? 1 : 0))
                            {
                                if (target.Unsupported(_ctx, scenario) is { } why)
                                {
                                    NoteOnce($"skipping {target.Name} in {ScenarioNames.Name(scenario)}: {why}");
                                    continue;
                                }

                                if (Pick(fortio, fortioH2c, h2load, wrk, scenario, mode) is not { } generator)
                                {
                                    NoteOnce($"skipping {ScenarioNames.Name(scenario)}: fortio has no h2c client (its -h2 does h2c since 1.53) and h2load is not installed");
                                    continue;
                                }

                                if (fortio is not null && generator is not Fortio)
                                {
                                    NoteOnce($"{ScenarioNames.Name(scenario)}: load by h2load, this fortio has no h2c client (its -h2 does h2c since 1.53)");
                                }

                                var record = await MeasureAsync(target, scenario, mode, connections, round, upstream, generator, cancel).ConfigureAwait(false);
                                group.Add(record);
                                _records.Add(record);
                                Console.Error.WriteLine(ProgressLine(record));
                            }

                            AddedLatency.Fill(group);
                            checkpoint(_records);
                        }
                    }
                }
            }
        }
        finally
        {
            await upstream.Process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
    }

    /// <summary>fortio when found (and, for h2c, when it has an h2c client); else wrk for HTTP/1.1 at maximum rate, h2load otherwise; null when nothing can send the scenario.</summary>
    public static LoadGenerator? Pick(string? fortio, bool fortioH2c, string? h2load, string? wrk, Scenario scenario, LoadMode mode)
    {
        if (fortio is not null && (fortioH2c || !ScenarioNames.IsH2c(scenario)))
        {
            return new Fortio(fortio);
        }

        if (h2load is null)
        {
            return null;
        }

        if (mode == LoadMode.Max && !ScenarioNames.IsH2c(scenario) && wrk is not null)
        {
            return new Wrk(wrk);
        }

        return new H2Load(h2load);
    }

    private async Task<RunRecord> MeasureAsync(Target target, Scenario scenario, LoadMode mode, int connections, int round, RunningUpstream upstream, LoadGenerator generator, CancellationToken cancel)
    {
        var o = _ctx.Options;
        var h2c = ScenarioNames.IsH2c(scenario);
        var qps = mode == LoadMode.Max ? 0 : scenario == Scenario.Large ? o.LargeQps : o.Qps;
        var label = $"{target.Name}-{ScenarioNames.Name(scenario)}-{(mode == LoadMode.Fixed ? "fixed" : "max")}-c{connections}-r{round}";
        var started = Stopwatch.GetTimestamp();
        var running = target.Start(_ctx, scenario, upstream);
        var process = running.Process;
        try
        {
            var first = await FirstResponse.WaitAsync(running.Port, upstream.SmallPath, h2c, process, TimeSpan.FromSeconds(60), cancel, started).ConfigureAwait(false);
            if (first is null)
            {
                var why = process is { HasExited: true } ? $"exited with {process.ExitCode}" : "no 200 within 60s";
                return Failed(target, scenario, mode, connections, round, qps, generator, $"{target.Name} did not serve ({why}; see work/logs/{target.Name}.log)");
            }

            long? rssIdle = null;
            if (process is not null)
            {
                // Let start-up work (JIT tiering timers, config threads) settle before calling it idle.
                await Task.Delay(1000, cancel).ConfigureAwait(false);
                rssIdle = ProcFs.RssKB(process.Pid);

                // VmHWM from here on is the peak under load, not the start-up's (config parsing, JIT).
                ProcFs.ResetPeakRss(process.Pid);
            }

            var path = scenario == Scenario.Large ? upstream.LargePath : upstream.SmallPath;
            var bytes = scenario == Scenario.Large ? UpstreamLauncher.LargeBytes : o.Payload;
            var url = $"http://127.0.0.1:{running.Port.ToString(CultureInfo.InvariantCulture)}{path}";
            var warmup = (target.Name == "proxy-jit" || target is FloorTarget) && o.JitWarmup > o.Warmup ? o.JitWarmup : o.Warmup;
            if (warmup > TimeSpan.Zero)
            {
                await generator.RunAsync(_ctx, new LoadRequest(url, h2c, mode, connections, qps, warmup, o.LoadThreads, label + "-warmup", bytes), cancel).ConfigureAwait(false);
            }

            var cpuBefore = process is null ? default : ProcFs.Cpu(process.Pid);
            var load = await generator.RunAsync(_ctx, new LoadRequest(url, h2c, mode, connections, qps, o.Duration, o.LoadThreads, label, bytes), cancel).ConfigureAwait(false);
            CpuTimes? cpuPer1000 = null;
            long? rssPeak = null;
            if (process is not null)
            {
                var cpu = ProcFs.Cpu(process.Pid) - cpuBefore;
                var per = 1000.0 / Math.Max(1, load.Requests - load.Errors);
                cpuPer1000 = new CpuTimes(cpu.User * per, cpu.System * per);
                rssPeak = ProcFs.PeakRssKB(process.Pid);
            }

            return Record(target, scenario, mode, connections, round, qps, generator, load) with
            {
                CpuSecondsPer1000 = cpuPer1000?.Total,
                CpuUserSecondsPer1000 = cpuPer1000?.User,
                CpuSystemSecondsPer1000 = cpuPer1000?.System,
                RssIdleKB = rssIdle,
                RssPeakKB = rssPeak,
                StartToFirstResponseMs = process is null ? null : first.Value.TotalMilliseconds,
            };
        }
        finally
        {
            if (process is not null)
            {
                await process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
    }

    private static RunRecord Failed(Target target, Scenario scenario, LoadMode mode, int connections, int round, double qps, LoadGenerator generator, string note) =>
        Record(target, scenario, mode, connections, round, qps, generator, new LoadResult(0, 0, 1, 0, [])) with { Note = note };

    /// <summary>What identifies a run (target, scenario, mode, round, connections, rate) and its load result.</summary>
    private static RunRecord Record(Target target, Scenario scenario, LoadMode mode, int connections, int round, double qps, LoadGenerator generator, LoadResult load) => new()
    {
        Target = target.Name,
        Scenario = scenario,
        Mode = mode,
        Round = round,
        Connections = connections,
        RequestedQps = qps,
        Load = load,
        LoadGenerator = generator.Name,
    };

    private static string ProgressLine(RunRecord r)
    {
        var l = r.Load;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{r.Target,-10} {ScenarioNames.Name(r.Scenario),-5} {(r.Mode == LoadMode.Fixed ? "fixed" : "max"),-5} c={r.Connections} round {r.Round}: {l.ActualQps,9:0.0} qps  p50 {Ms(l.At(50))}  p90 {Ms(l.At(90))}  p99 {Ms(l.At(99))}  p99.9 {Ms(l.At(99.9))} ms  errors {l.Errors}");
        if (r.CpuSecondsPer1000 is { } cpu)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"  cpu/1k {cpu:0.000}s  rss {r.RssIdleKB / 1024.0:0.0}/{r.RssPeakKB / 1024.0:0.0} MiB  start {r.StartToFirstResponseMs:0} ms");
        }

        return r.Note is null ? text : text + "  (" + r.Note + ")";
    }

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.000", CultureInfo.InvariantCulture);

    private void Note(string text)
    {
        _notes.Add(text);
        Console.Error.WriteLine(text);
    }

    private void NoteOnce(string text)
    {
        if (!_notes.Contains(text))
        {
            Note(text);
        }
    }
}
