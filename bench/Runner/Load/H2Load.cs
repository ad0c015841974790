using System.Globalization;
using System.Text.RegularExpressions;
using Bench.Runner.Model;
using Bench.Runner.Processes;

namespace Bench.Runner.Load;

/// <summary>
/// nghttp2's h2load: HTTP/1.1 (--h1) or h2c with prior knowledge, one request in flight per connection
/// (-m 1, like fortio). Percentiles come from its per-request log (--log-file: start, status, microseconds
/// to the end of the response).
/// <para>
/// Fixed rate: one h2load process per connection (-c 1 --rps qps/connections), their starts spread over
/// one request interval. One process with -c 16 --rps fires all its clients' timers at the same instants,
/// so every 16 ms 16 requests arrive at once and the figures measure that burst's queue (p50 3 ms instead
/// of 0.3 ms against nginx here); spreading the connections is fortio's -uniform. h2load sends a request
/// that fell behind as soon as the previous one completes (fortio's -nocatchup would drop it).
/// </para>
/// Maximum rate: one process, -c connections, no --rps.
/// </summary>
public sealed partial class H2Load : LoadGenerator
{
    private readonly string _path;

    public H2Load(string path) => _path = path;

    public override string Name => "h2load";

    public override async Task<LoadResult> RunAsync(BenchContext ctx, LoadRequest request, CancellationToken cancel)
    {
        var seconds = Math.Max(1, (int)Math.Round(request.Duration.TotalSeconds));
        var processes = new List<(StartedProcess Process, string Log)>();
        try
        {
            if (request.Mode == LoadMode.Fixed)
            {
                var interval = TimeSpan.FromSeconds(1 / request.Qps);
                var perConnection = request.Qps / request.Connections;
                for (var i = 0; i < request.Connections; i++)
                {
                    if (i > 0)
                    {
                        await Task.Delay(interval, cancel).ConfigureAwait(false);
                    }

                    processes.Add(Start(ctx, request, $"{request.Label}-{i}", 1, seconds, perConnection));
                }
            }
            else
            {
                processes.Add(Start(ctx, request, request.Label, request.Connections, seconds, null));
            }

            var samples = new List<double>();
            double qps = 0;
            double duration = 0;
            long done = 0;
            long errors = 0;
            foreach (var (process, log) in processes)
            {
                await process.WaitAsync(Limit(request), cancel).ConfigureAwait(false);
                var summary = ParseSummary(process.Output);
                qps += summary.Qps;
                duration = Math.Max(duration, summary.Seconds);
                done += summary.Done;
                errors += summary.Failed + summary.Timeout + ReadLog(log, samples);
            }

            return new LoadResult(qps, done, errors, duration, FromSamples(samples));
        }
        finally
        {
            foreach (var (process, log) in processes)
            {
                await process.StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                File.Delete(log);
            }
        }
    }

    /// <summary>h2load's closing summary: elapsed seconds, rate, and the done/failed/timeout counts.</summary>
    public static (double Seconds, double Qps, long Done, long Failed, long Timeout) ParseSummary(string output)
    {
        var finished = Finished().Match(output);
        var counts = Requests().Match(output);
        if (!finished.Success || !counts.Success)
        {
            throw new InvalidOperationException("h2load printed no summary:\n" + output);
        }

        return (
            double.Parse(finished.Groups[1].Value, CultureInfo.InvariantCulture) / (finished.Groups[2].Value == "ms" ? 1000 : 1),
            double.Parse(finished.Groups[3].Value, CultureInfo.InvariantCulture),
            long.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture),
            long.Parse(counts.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Adds each logged request's latency (seconds) to <paramref name="samples"/>; returns the non-2xx/3xx count.</summary>
    public static long ParseLog(IEnumerable<string> lines, List<double> samples)
    {
        long bad = 0;
        foreach (var line in lines)
        {
            var parts = line.Split('\t');
            if (parts.Length < 3
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var status)
                || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros))
            {
                continue;
            }

            if (status < 200 || status >= 400)
            {
                bad++;
            }

            samples.Add(micros / 1e6);
        }

        return bad;
    }

    private static long ReadLog(string log, List<double> samples) =>
        File.Exists(log) ? ParseLog(File.ReadLines(log), samples) : 0;

    private (StartedProcess Process, string Log) Start(BenchContext ctx, LoadRequest request, string label, int connections, int seconds, double? rps)
    {
        var log = Path.Combine(ctx.WorkDirectory, "h2load-" + label + ".tsv");
        File.Delete(log);
        var args = new List<string>();
        if (!request.H2c)
        {
            args.Add("--h1");
        }

        var threads = Math.Min(request.Threads, connections);
        args.AddRange(["-c", Str(connections), "-t", Str(threads), "-m", "1", "-D", Str(seconds) + "s", "--log-file", log]);
        if (rps is { } r)
        {
            args.AddRange(["--rps", r.ToString("0.###", CultureInfo.InvariantCulture)]);
        }

        args.Add(request.Url);
        return (ctx.Children.Start("h2load", _path, args, capture: true), log);
    }

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"finished in ([0-9.]+)(ms|s), ([0-9.]+) req/s")]
    private static partial Regex Finished();

    [GeneratedRegex(@"requests: \d+ total, \d+ started, (\d+) done, \d+ succeeded, (\d+) failed, \d+ errored, (\d+) timeout")]
    private static partial Regex Requests();
}
