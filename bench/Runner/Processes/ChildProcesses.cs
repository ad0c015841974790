using System.Diagnostics;

namespace Bench.Runner.Processes;

/// <summary>
/// Every process the harness starts goes through here, so that all of them are stopped at the end, on
/// Ctrl-C and on SIGTERM. Each PID (with its start time) is also appended to OUT/work/pids, which
/// bench/run's trap reads if this process itself dies without cleaning up.
/// </summary>
public sealed class ChildProcesses
{
    private readonly List<StartedProcess> _started = [];
    private readonly string _logDirectory;
    private readonly string _pidFile;

    public ChildProcesses(string workDirectory)
    {
        _logDirectory = Path.Combine(workDirectory, "logs");
        Directory.CreateDirectory(_logDirectory);
        _pidFile = Path.Combine(workDirectory, "pids");
    }

    /// <summary>Starts <paramref name="file"/>; output goes to work/logs/NAME.log (and to Output when captured).</summary>
    public StartedProcess Start(string name, string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, bool capture = false)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(Path.Combine(_logDirectory, name + ".log"), append: true);
        log.WriteLine($"# {DateTime.UtcNow:O} {file} {string.Join(' ', info.ArgumentList)}");
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var started = new StartedProcess(name, process, log, capture);
        lock (_started)
        {
            _started.Add(started);
            File.AppendAllText(_pidFile, $"{started.Pid} {ProcFs.StartTime(started.Pid)}\n");
        }

        return started;
    }

    /// <summary>SIGKILLs every child still running (and its descendants).</summary>
    public void KillAll()
    {
        StartedProcess[] all;
        lock (_started)
        {
            all = [.. _started];
        }

        foreach (var p in all)
        {
            try
            {
                p.KillNow();
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
