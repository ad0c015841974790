using Bench.Runner.Options;
using Bench.Runner.Processes;

namespace Bench.Runner;

/// <summary>What every part of one harness run shares: options, the work directory and the child registry.</summary>
public sealed record BenchContext(BenchOptions Options, string OutDirectory, string WorkDirectory, ChildProcesses Children)
{
    /// <summary>A fresh directory under work/ for one started program's config, temp files and pid file.</summary>
    public string NewDirectory(string name)
    {
        var dir = Path.Combine(WorkDirectory, name);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        return dir;
    }
}
