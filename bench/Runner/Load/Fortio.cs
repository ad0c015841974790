using System.Globalization;
using System.Text.Json;
using Bench.Runner.Model;

namespace Bench.Runner.Load;

/// <summary>
/// fortio load with Istio's flags: -qps Q -c C -uniform -nocatchup -r 0.000001 (microsecond histogram
/// buckets) -t D, or -qps 0 for maximum throughput; -h2 for h2c; results read from its -json file.
/// </summary>
public sealed class Fortio : LoadGenerator
{
    private readonly string _path;

    public Fortio(string path) => _path = path;

    public override string Name => "fortio";

    public override async Task<LoadResult> RunAsync(BenchContext ctx, LoadRequest request, CancellationToken cancel)
    {
        var file = Path.Combine(ctx.WorkDirectory, "fortio-" + request.Label + ".json");
        File.Delete(file);
        var args = new List<string> { "load", "-c", request.Connections.ToString(CultureInfo.InvariantCulture) };
        if (request.Mode == LoadMode.Fixed)
        {
            args.AddRange(["-qps", request.Qps.ToString("0.###", CultureInfo.InvariantCulture), "-uniform", "-nocatchup"]);
        }
        else
        {
            args.AddRange(["-qps", "0"]);
        }

        if (request.H2c)
        {
            args.Add("-h2");
        }

        args.AddRange(["-r", "0.000001", "-p", "50,75,90,99,99.9", "-t", $"{Math.Max(1, (int)Math.Round(request.Duration.TotalSeconds))}s",
            "-loglevel", "Warning", "-json", file, request.Url]);
        var process = ctx.Children.Start("fortio", _path, args, capture: true);
        await process.WaitAsync(Limit(request), cancel).ConfigureAwait(false);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException("fortio wrote no JSON:\n" + process.Output);
        }

        return Parse(await File.ReadAllTextAsync(file, cancel).ConfigureAwait(false));
    }

    /// <summary>
    /// Reads fortio's -json result: DurationHistogram.Count and .Percentiles (seconds), RetCodes (errors are
    /// the requests not answered 200), ActualQPS and ActualDuration (nanoseconds).
    /// </summary>
    public static LoadResult Parse(string text)
    {
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        var histogram = root.GetProperty("DurationHistogram");
        var count = histogram.GetProperty("Count").GetInt64();
        var percentiles = new List<Percentile>();
        foreach (var p in histogram.GetProperty("Percentiles").EnumerateArray())
        {
            percentiles.Add(new Percentile(p.GetProperty("Percentile").GetDouble(), p.GetProperty("Value").GetDouble()));
        }

        long ok = 0;
        if (root.TryGetProperty("RetCodes", out var codes))
        {
            foreach (var code in codes.EnumerateObject())
            {
                if (code.Name == "200")
                {
                    ok += code.Value.GetInt64();
                }
            }
        }

        var seconds = root.GetProperty("ActualDuration").GetInt64() / 1e9;
        return new LoadResult(root.GetProperty("ActualQPS").GetDouble(), count, count - ok, seconds, percentiles);
    }
}
