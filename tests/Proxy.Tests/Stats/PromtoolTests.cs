using System.Diagnostics;
using Proxy.Filters.Stats;
using Proxy.Stats;
using Xunit.Abstractions;

namespace Proxy.Tests.Stats;

/// <summary>
/// Runs <c>promtool check metrics</c> (Debian package prometheus) on a realistic /stats/prometheus output.
/// Parse errors fail; the lint findings Envoy's own output has (no HELP lines, counters without
/// <c>_total</c>, Istio's millisecond unit, Envoy's <c>_ms</c> names) are accepted. Without promtool the test says so and passes,
/// unless PROXY_REQUIRE_PROMTOOL is set.
/// </summary>
public sealed class PromtoolTests(ITestOutputHelper output)
{
    private static readonly string[] AcceptedLint =
    [
        "no help text",
        "counter metrics should have \"_total\" suffix",
        "use base unit \"seconds\" instead of \"milliseconds\"",
        "metric names should not contain abbreviated units",
    ];

    [Fact]
    public void PrometheusOutputPassesPromtool()
    {
        var promtool = FindOnPath("promtool");
        if (promtool is null)
        {
            var message = "promtool not found on PATH: Prometheus output not checked with promtool (install the Debian package prometheus)";
            output.WriteLine(message);
            Assert.True(Environment.GetEnvironmentVariable("PROXY_REQUIRE_PROMTOOL") is null, message + "; PROXY_REQUIRE_PROMTOOL is set");
            return;
        }

        var text = PrometheusRendererTests.Render(RealisticStore());
        var summaryText = PrometheusRendererTests.Render(RealisticStore(), "/stats/prometheus?histogram_buckets=summary&text_readouts");

        foreach (var exposition in new[] { text, summaryText })
        {
            var (exitCode, stdout) = Run(promtool, "check metrics", exposition);
            output.WriteLine($"promtool exit {exitCode}:\n{stdout}");
            Assert.True(exitCode is 0 or 3, $"promtool failed ({exitCode}): {stdout}");
            foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.True(AcceptedLint.Any(line.Contains), $"unexpected promtool finding: {line}");
            }
        }
    }

    private static StatsStore RealisticStore()
    {
        var store = StatsTestConfig.IstioStore();
        store.RegisterCustomNamespace("istiocustom");
        store.Gauge("server.state").Set(0);
        store.Gauge("listener_manager.workers_started").Set(1);
        store.Counter("cluster_manager.cds.update_success").Add(2);
        store.Counter("cluster.xds-grpc;.upstream_rq_200").Add(5);
        store.Counter("cluster.xds-grpc;.upstream_rq_2xx").Add(5);
        store.Counter("server.envoy_bug_failures");
        store.Histogram("cluster.xds-grpc;.upstream_cx_connect_ms", HistogramUnit.Milliseconds).Record(3);
        store.TextReadout("server.version_text").Set("1.0 \"quoted\"");
        store.CounterWithTags(
            "istiocustom.istio_requests_total",
            [new("reporter", "source"), new("source_workload", "productpage-v1"), new("response_code", "200")]).Add(3);
        store.CounterWithTags(
            "istiocustom.istio_requests_total",
            [new("reporter", "source"), new("source_workload", "productpage-v1"), new("response_code", "503")]).Inc();
        var duration = store.HistogramWithTags(
            "istiocustom.istio_request_duration_milliseconds",
            [new("reporter", "source"), new("response_code", "200")],
            HistogramUnit.Milliseconds);
        duration.Record(4);
        duration.Record(250);
        store.GaugeWithTags("istiocustom.istio_build", [new("component", "proxy"), new("tag", "1.5-dev")]).Set(1);
        store.MergeHistograms();
        return store;
    }

    private static (int ExitCode, string Output) Run(string file, string arguments, string stdin)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        process.WaitForExit();
        return (process.ExitCode, stdoutTask.Result + stderrTask.Result);
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (dir.Length != 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
