using System.Diagnostics;
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

    /// <summary>
    /// Whether this fortio's load client speaks h2c: its <c>-h2</c> flag does h2c since fortio 1.53 (the flag's
    /// help says "for both TLS and h2c"); before, <c>-h2</c> meant TLS only or did not exist. Asks
    /// <c>fortio help</c>, bounded to 10 s.
    /// </summary>
    public static async Task<bool> SupportsH2cAsync(string path, CancellationToken cancel)
    {
        var info = new ProcessStartInfo(path, "help") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + path);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new InvalidOperationException(path + " help did not finish in 10 s");
        }

        return HelpOffersH2c(await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    /// <summary>True when the usage text's <c>-h2</c> flag mentions h2c (the line after the flag holds its help).</summary>
    public static bool HelpOffersH2c(string help)
    {
        var lines = help.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var flag = lines[i].Trim();
            if (flag == "-h2" || flag.StartsWith("-h2 ", StringComparison.Ordinal) || flag.StartsWith("-h2\t", StringComparison.Ordinal))
            {
                var text = flag + (i + 1 < lines.Length ? " " + lines[i + 1] : "");
                return text.Contains("h2c", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    public override async Task<LoadResult> RunAsync(BenchContext ctx, LoadRequest request, CancellationToken cancel)
    {
        var file = Path.Combine(ctx.WorkDirectory, "fortio-" + request.Label + ".json");
        File.Delete(file);
        var args = Arguments(request, file);
        var process = ctx.Children.Start("fortio", _path, args, capture: true);
        await process.WaitAsync(Limit(request), cancel).ConfigureAwait(false);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException("fortio wrote no JSON:\n" + process.Output);
        }

        return Parse(await File.ReadAllTextAsync(file, cancel).ConfigureAwait(false));
    }

    /// <summary>
    /// fortio load's arguments. Its fast HTTP/1.1 client reads a response into one buffer of
    /// <c>-httpbufferkb</c> (128 KiB by default) and counts a larger one as an error, so the buffer is sized to
    /// the response body plus 16 KiB for the head when the body needs more.
    /// </summary>
    public static List<string> Arguments(LoadRequest request, string jsonFile)
    {
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

        var bufferKb = (request.ResponseBytes + 16 * 1024 + 1023) / 1024;
        if (bufferKb > 128)
        {
            args.AddRange(["-httpbufferkb", bufferKb.ToString(CultureInfo.InvariantCulture)]);
        }

        args.AddRange(["-r", "0.000001", "-p", "50,75,90,99,99.9", "-t", $"{Math.Max(1, (int)Math.Round(request.Duration.TotalSeconds))}s",
            "-loglevel", "Warning", "-json", jsonFile, request.Url]);
        return args;
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
