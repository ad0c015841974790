using System.Runtime.InteropServices;
using Bench.Runner.Options;
using Bench.Runner.Processes;
using Bench.Runner.Report;

namespace Bench.Runner;

/// <summary>
/// bench-runner: the engine behind bench/run. Parses the options, runs the <see cref="Harness"/>, writes
/// OUT/results.json after every turn (partial results survive an interruption) and prints the markdown
/// tables (also saved as OUT/summary.md). SIGINT/SIGTERM cancel the run; every started process is stopped
/// on the way out, and a second signal kills them at once.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = OptionParser.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("bench/run: " + e.Message + "\n\n" + OptionParser.Usage).ConfigureAwait(false);
            return 2;
        }

        if (options.Help)
        {
            await Console.Out.WriteAsync(OptionParser.Usage).ConfigureAwait(false);
            return 0;
        }

        var outDirectory = Path.GetFullPath(options.Out.Length > 0
            ? options.Out
            : Path.Combine("bench", "out", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        var work = Path.Combine(outDirectory, "work");
        Directory.CreateDirectory(work);
        var children = new ChildProcesses(work);
        using var cancel = new CancellationTokenSource();
        var signals = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref signals) == 1)
            {
                Console.Error.WriteLine("bench/run: stopping (again to kill at once)");
                cancel.Cancel();
            }
            else
            {
                children.KillAll();
                Environment.Exit(130);
            }
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => children.KillAll();

        var machine = MachineInfo.Describe();
        var loadAtStart = MachineInfo.LoadAverage();
        var date = DateTimeOffset.UtcNow;
        var commandLine = CommandLine(args);
        var context = new BenchContext(options with { Out = outDirectory }, outDirectory, work, children);
        var harness = new Harness(context);
        var results = Path.Combine(outDirectory, "results.json");
        void Save() => ResultsJson.Write(results, machine, date, harness.UpstreamKind, commandLine, harness.Records);

        var exit = 0;
        try
        {
            await harness.RunAsync(_ => Save(), cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("bench/run: interrupted; the results so far follow").ConfigureAwait(false);
            exit = 130;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync("bench/run: " + e.Message).ConfigureAwait(false);
            exit = 1;
        }
        finally
        {
            children.KillAll();
        }

        Save();
        var summary = new System.Text.StringBuilder();
        summary.Append("## bench/run ").Append(date.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)).Append(" UTC\n\n");
        summary.Append("Machine: ").Append(machine).Append('\n');
        summary.Append("Command: `").Append(commandLine).Append("`\n");
        summary.Append("Load average (1/5/15 min) at start: ").Append(loadAtStart).Append(", at end: ").Append(MachineInfo.LoadAverage()).Append('\n');
        foreach (var note in harness.Notes)
        {
            summary.Append("- ").Append(note).Append('\n');
        }

        summary.Append('\n').Append(MarkdownTable.Render(Summarizer.Build(harness.Records)));
        summary.Append(BeforeAfter.Render(harness.Records));
        await File.WriteAllTextAsync(Path.Combine(outDirectory, "summary.md"), summary.ToString()).ConfigureAwait(false);
        await Console.Out.WriteAsync(summary.ToString()).ConfigureAwait(false);
        await Console.Out.WriteLineAsync($"results: {results}").ConfigureAwait(false);
        return exit;
    }

    /// <summary>The command as the user gave it: without the paths bench/run adds for its own builds.</summary>
    private static string CommandLine(string[] args)
    {
        var parts = new List<string> { "bench/run" };
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--proxy-dll" or "--upstream-dll")
            {
                i++;
                continue;
            }

            parts.Add(args[i]);
        }

        return string.Join(' ', parts);
    }
}
