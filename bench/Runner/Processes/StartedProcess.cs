using System.Diagnostics;

namespace Bench.Runner.Processes;

/// <summary>
/// A child started by the harness. Its output goes to a log file (and, when asked, is kept in memory for
/// parsing). <see cref="StopAsync"/> asks politely (SIGTERM: nginx's fast shutdown, haproxy's and the
/// proxy's exit), then SIGKILLs whatever of its tree is left after the grace period.
/// </summary>
public sealed class StartedProcess
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly System.Text.StringBuilder? _captured;
    private readonly Task _pumps;

    internal StartedProcess(string name, Process process, StreamWriter log, bool capture)
    {
        Name = name;
        _process = process;
        _log = log;
        _captured = capture ? new System.Text.StringBuilder() : null;
        Pid = process.Id;
        _pumps = Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError));
    }

    public string Name { get; }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Captured stdout and stderr (only when started with capture).</summary>
    public string Output
    {
        get
        {
            if (_captured is null)
            {
                return "";
            }

            lock (_captured)
            {
                return _captured.ToString();
            }
        }
    }

    public async Task<int> WaitAsync(TimeSpan limit, CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Name} did not finish within {limit.TotalSeconds:0}s");
        }

        await _pumps.ConfigureAwait(false);
        return _process.ExitCode;
    }

    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            await FlushAsync().ConfigureAwait(false);
            return;
        }

        var tree = ProcFs.Tree(Pid);
        Posix.Signal(Pid, Posix.SigTerm);
        using (var wait = new CancellationTokenSource(grace))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Kill(tree);
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Immediate SIGKILL of the tree, for Ctrl-C and process exit.</summary>
    public void KillNow()
    {
        if (!_process.HasExited)
        {
            Kill(ProcFs.Tree(Pid));
        }
    }

    private static void Kill(List<int> tree)
    {
        foreach (var pid in tree)
        {
            Posix.Signal(pid, Posix.SigKill);
        }
    }

    private async Task FlushAsync()
    {
        var done = await Task.WhenAny(_pumps, Task.Delay(1000)).ConfigureAwait(false);
        if (done == _pumps)
        {
            lock (_log)
            {
                _log.Flush();
            }
        }
    }

    private async Task Pump(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }

            if (_captured is not null)
            {
                lock (_captured)
                {
                    _captured.AppendLine(line);
                }
            }
        }
    }
}
