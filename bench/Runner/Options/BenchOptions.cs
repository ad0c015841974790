using Bench.Runner.Model;

namespace Bench.Runner.Options;

/// <summary>Everything bench/run accepts; defaults follow Istio's perf runs (1000 qps, 16 connections).</summary>
public sealed record BenchOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Load sent and discarded before each measured window (JIT tiering, pools, caches).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Warm-up for proxy-jit and the floor targets, also JIT builds (when longer than <see cref="Warmup"/>):
    /// tiered JIT keeps compiling for about 30 s of 1000 qps on this 2-core machine (CPU per 1000 requests
    /// falls from ~1.0 s to ~0.3 s only then), and a sidecar under Istio's measurement has been running for
    /// long.
    /// </summary>
    public TimeSpan JitWarmup { get; init; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<int> Connections { get; init; } = [16];

    public double Qps { get; init; } = 1000;

    /// <summary>Fixed rate for the 1 MiB scenario: 1000 MiB/s through two hops would measure memcpy, not the proxy.</summary>
    public double LargeQps { get; init; } = 100;

    public IReadOnlyList<string> Targets { get; init; } = ["direct", "proxy-jit", "proxy-aot", "nginx", "haproxy", "envoy"];

    public IReadOnlyList<Scenario> Scenarios { get; init; } = [Scenario.Http1, Scenario.H2c, Scenario.Tcp, Scenario.Large];

    public IReadOnlyList<LoadMode> Modes { get; init; } = [LoadMode.Fixed, LoadMode.Max];

    /// <summary>How many times the A B C ... sequence repeats; the table shows each figure's median.</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Worker count of every proxy (--concurrency, worker_processes, nbthread).</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>Size of the small response in bytes.</summary>
    public int Payload { get; init; } = 1024;

    public string Out { get; init; } = "";

    /// <summary>auto (fortio, else nginx, else ours), fortio, nginx or echo.</summary>
    public string Upstream { get; init; } = "auto";

    /// <summary>auto (fortio when found, else h2load + wrk), fortio or h2load.</summary>
    public string LoadGenerator { get; init; } = "auto";

    public int LoadThreads { get; init; } = 1;

    public string? Fortio { get; init; }

    public string? Envoy { get; init; }

    public string? ProxyDll { get; init; }

    public string? ProxyAot { get; init; }

    /// <summary>
    /// A second NativeAOT binary for the proxy-base target: the build a change is measured against (an earlier
    /// commit, other build settings), in the same turns as proxy-aot, so before and after share a run.
    /// </summary>
    public string? ProxyBase { get; init; }

    public string? UpstreamDll { get; init; }

    /// <summary>bench/Floor's build, for the floor target (bench/run passes it).</summary>
    public string? FloorDll { get; init; }

    /// <summary>Extra environment for the proxy targets (NAME=VALUE), for profiling knobs.</summary>
    public IReadOnlyList<string> ProxyEnv { get; init; } = [];

    /// <summary>Extra command-line arguments for the proxy targets.</summary>
    public IReadOnlyList<string> ProxyArgs { get; init; } = [];

    /// <summary>--help: print the usage and run nothing.</summary>
    public bool Help { get; init; }
}
