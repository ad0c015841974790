using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

namespace Bench.Micro;

/// <summary>
/// dotnet run -c Release --project bench/Micro -- --filter '*' [--job short]. Benchmarks run in process
/// (--inProcess is added): the default toolchain would rebuild this project, and src/Proxy with it, in
/// a generated copy for every run, minutes on a 2-core machine. Allocation per operation is reported
/// (MemoryDiagnoser).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // --inProcess applies to whatever job the command line picks (--job short, ...).
        if (Array.IndexOf(args, "--inProcess") < 0)
        {
            args = [.. args, "--inProcess"];
        }

        // Reports go to bench/out/micro (git-ignored), not to the current directory.
        if (Array.IndexOf(args, "--artifacts") < 0)
        {
            args = [.. args, "--artifacts", Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../out/micro"))];
        }

        var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
