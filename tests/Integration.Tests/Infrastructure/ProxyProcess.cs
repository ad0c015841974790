using System.Diagnostics;
using System.Text;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// The proxy as users run it: a separate process started from the built proxy.dll with a bootstrap file,
/// ready once its admin /ready answers 200. Disposing kills it (by PID) if it is still running.
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory;

    private ProxyProcess(Process process, string directory, int adminPort)
    {
        _process = process;
        _directory = directory;
        AdminPort = adminPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int AdminPort { get; }

    public string AdminUrl => $"http://127.0.0.1:{AdminPort}";

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process printed so far (stdout and stderr interleaved).</summary>
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

    /// <summary>A directory owned by this proxy run, for access logs and sockets.</summary>
    public string Directory => _directory;

    /// <summary>
    /// Starts the proxy. <paramref name="bootstrapYaml"/> may use {ADMIN_PORT} and {DIR}, replaced here.
    /// <paramref name="proxyDll"/> runs another copy of the build; <paramref name="environment"/> adds variables.
    /// </summary>
    public static async Task<ProxyProcess> StartAsync(
        string bootstrapYaml,
        IEnumerable<string>? extraArgs = null,
        bool waitReady = true,
        string? proxyDll = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "proxy-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var adminPort = FreePort.Get();
        var bootstrap = bootstrapYaml.Replace("{ADMIN_PORT}", adminPort.ToString()).Replace("{DIR}", directory);
        var file = Path.Combine(directory, "bootstrap.yaml");
        await File.WriteAllTextAsync(file, bootstrap);

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(proxyDll ?? RepoPaths.ProxyDll);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(file);
        foreach (var arg in extraArgs ?? ["--log-level", "info", "--file-flush-interval-msec", "50"])
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the proxy");
        var proxy = new ProxyProcess(process, directory, adminPort);
        if (waitReady)
        {
            try
            {
                await proxy.WaitReadyAsync();
            }
            catch
            {
                // Never leave a proxy behind that a fixture will not dispose.
                await proxy.DisposeAsync();
                throw;
            }
        }

        return proxy;
    }

    public async Task WaitReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the proxy exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await client.GetAsync(AdminUrl + "/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the proxy did not become ready:\n" + Output);
    }

    public async Task<string> AdminGetAsync(string path)
    {
        using var client = new HttpClient();
        return await client.GetStringAsync(AdminUrl + path);
    }

    public async Task<HttpResponseMessage> AdminPostAsync(string path)
    {
        using var client = new HttpClient();
        return await client.PostAsync(AdminUrl + path, null);
    }

    /// <summary>The value of a counter or gauge from /stats?filter=^name$.</summary>
    public async Task<long> StatAsync(string name)
    {
        var text = await AdminGetAsync("/stats?filter=" + Uri.EscapeDataString("^" + System.Text.RegularExpressions.Regex.Escape(name) + "$"));
        foreach (var line in text.Split('\n'))
        {
            var colon = line.LastIndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && line[..colon] == name && long.TryParse(line[(colon + 2)..].Trim(), out var value))
            {
                return value;
            }
        }

        return 0;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void SendSignal(int signal) => _ = kill(_process.Id, signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
