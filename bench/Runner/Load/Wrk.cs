using System.Globalization;
using System.Text.Json;
using Bench.Runner.Model;

namespace Bench.Runner.Load;

/// <summary>
/// wrk for maximum HTTP/1.1 throughput (it cannot pace: fixed rate goes to h2load). A Lua done() hook
/// prints the counts and percentiles (microseconds) as one JSON line.
/// </summary>
public sealed class Wrk : LoadGenerator
{
    private const string Marker = "BENCHJSON ";

    private const string Script = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCHJSON {"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50":%d,"p75":%d,"p90":%d,"p99":%d,"p999":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end
""";

    private readonly string _path;

    public Wrk(string path) => _path = path;

    public override string Name => "wrk";

    public override async Task<LoadResult> RunAsync(BenchContext ctx, LoadRequest request, CancellationToken cancel)
    {
        var script = Path.Combine(ctx.WorkDirectory, "wrk-report.lua");
        if (!File.Exists(script))
        {
            await File.WriteAllTextAsync(script, Script, cancel).ConfigureAwait(false);
        }

        var threads = Math.Min(request.Threads, request.Connections);
        var args = new List<string>
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", request.Connections.ToString(CultureInfo.InvariantCulture),
            "-d", Math.Max(1, (int)Math.Round(request.Duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "5s", "-s", script, request.Url,
        };
        var process = ctx.Children.Start("wrk", _path, args, capture: true);
        await process.WaitAsync(Limit(request), cancel).ConfigureAwait(false);
        return Parse(process.Output);
    }

    /// <summary>Reads the BENCHJSON line the done() hook printed (times in microseconds).</summary>
    public static LoadResult Parse(string output)
    {
        var at = output.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException("wrk printed no summary:\n" + output);
        }

        var end = output.IndexOf('\n', at);
        using var json = JsonDocument.Parse(output[(at + Marker.Length)..(end < 0 ? output.Length : end)]);
        var root = json.RootElement;
        var requests = root.GetProperty("requests").GetInt64();
        var seconds = root.GetProperty("duration_us").GetInt64() / 1e6;
        var percentiles = new List<Percentile>
        {
            new(50, root.GetProperty("p50").GetInt64() / 1e6),
            new(75, root.GetProperty("p75").GetInt64() / 1e6),
            new(90, root.GetProperty("p90").GetInt64() / 1e6),
            new(99, root.GetProperty("p99").GetInt64() / 1e6),
            new(99.9, root.GetProperty("p999").GetInt64() / 1e6),
        };
        var errors = root.GetProperty("errors").GetInt64() + root.GetProperty("non2xx").GetInt64();
        return new LoadResult(seconds > 0 ? requests / seconds : 0, requests, errors, seconds, percentiles);
    }
}
