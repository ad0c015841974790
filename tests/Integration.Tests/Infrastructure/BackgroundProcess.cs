using System.Diagnostics;
using System.Text;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// A long-running helper process (a python gRPC server, say) whose output lines are collected; it is
/// ready once it printed an expected line. Disposing kills it by PID.
/// </summary>
public sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<BackgroundProcess> StartAsync(string fileName, IEnumerable<string> arguments, string readyLine, TimeSpan? readyTimeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var started = new BackgroundProcess(Process.Start(info) ?? throw new InvalidOperationException("cannot start " + fileName));
        await Eventually.UntilAsync(
            () => started._process.HasExited || started.Output.Contains(readyLine, StringComparison.Ordinal),
            $"{fileName} prints '{readyLine}'",
            readyTimeout ?? TimeSpan.FromSeconds(30));
        if (started._process.HasExited)
        {
            throw new InvalidOperationException($"{fileName} exited with {started._process.ExitCode}:\n{started.Output}");
        }

        return started;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
