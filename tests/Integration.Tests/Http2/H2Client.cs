using System.Globalization;
using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Http2;

/// <summary>
/// Runs the h2_*.py scripts (hyper-h2, Debian's python3-h2, h2c with prior knowledge over a plain socket) against
/// a proxy listener and returns their report.
/// </summary>
public static class H2Client
{
    public static async Task<H2Report> RunAsync(string script, int port, params string[] arguments)
    {
        var result = await Python.RunAsync(script, [port.ToString(CultureInfo.InvariantCulture), .. arguments]);
        Assert.True(result.ExitCode == 0, $"{script} exited {result.ExitCode}:\n{result.StdErr}\n{result.StdOut}");
        return H2Report.Parse(result.StdOut);
    }

    /// <summary>Starts a script that prints READY (h2_idle.py) and keeps running; its report is read with <see cref="ReportAsync"/>.</summary>
    public static Task<BackgroundProcess> StartAsync(string script, int port, params string[] arguments) =>
        Python.StartAsync(script, "READY", [port.ToString(CultureInfo.InvariantCulture), .. arguments]);

    /// <summary>Waits (bounded) for a background script's report (one line: the process's output arrives in whole lines).</summary>
    public static async Task<H2Report> ReportAsync(BackgroundProcess process, TimeSpan within)
    {
        var output = await Eventually.UntilAsync(
            () => Task.FromResult(process.Output),
            text => text.Split('\n').Any(line => line.StartsWith('{')),
            "the h2 client reports",
            within);
        return H2Report.Parse(output);
    }
}
