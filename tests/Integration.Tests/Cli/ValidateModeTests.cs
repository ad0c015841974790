using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Cli;

/// <summary>
/// <c>--mode validate</c> with the real binary: every bootstrap Istio's pilot-agent generates (the golden
/// files of istio/pkg/bootstrap) validates, and broken ones fail naming the JSON path or the type.
/// </summary>
public sealed class ValidateModeTests
{
    public static TheoryData<string> GoldenBootstraps()
    {
        var data = new TheoryData<string>();
        foreach (var name in GoldenNames())
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>
    /// Every golden file validated once, all started together (as many at a time as there are cores):
    /// each proxy start costs seconds, and the theory rows below would otherwise run one after another.
    /// </summary>
    private static readonly Lazy<Task<Dictionary<string, ProcessResult>>> GoldenResults = new(ValidateAllGoldenAsync);

    private static List<string> GoldenNames() =>
        Directory.GetFiles(GoldenDirectory, "*_golden.json").Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal).ToList();

    private static string GoldenDirectory => Path.Combine(ConformancePaths.Root, "istio", "bootstrap", "golden");

    [Theory]
    [MemberData(nameof(GoldenBootstraps))]
    public async Task IstioGoldenBootstrapValidates(string name)
    {
        var result = (await GoldenResults.Value)[name];

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdErr}");
        Assert.Equal($"configuration '{Path.Combine(GoldenDirectory, name)}' OK\n", result.StdOut);
    }

    private static async Task<Dictionary<string, ProcessResult>> ValidateAllGoldenAsync()
    {
        using var slots = new SemaphoreSlim(Environment.ProcessorCount);
        var names = GoldenNames();
        var runs = names.Select(async name =>
        {
            await slots.WaitAsync();
            try
            {
                // pilot-agent starts Envoy with --allow-unknown-static-fields.
                return await ProxyCommand.RunAsync(
                    ["--mode", "validate", "-c", Path.Combine(GoldenDirectory, name), "--allow-unknown-static-fields"],
                    TimeSpan.FromMinutes(3));
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        var results = await Task.WhenAll(runs);
        return names.Zip(results).ToDictionary(pair => pair.First, pair => pair.Second);
    }

    [Theory]
    [InlineData(
        "port_value: 70000",
        "regex: ok",
        "envoy.extensions.filters.http.router.v3.Router",
        "static_resources.listeners[0]", "port_value")]
    [InlineData(
        "port_value: 8080",
        "regex: \"a(\"",
        "envoy.extensions.filters.http.router.v3.Router",
        "static_resources.listeners[0]", "safe_regex")]
    [InlineData(
        "port_value: 8080",
        "regex: ok",
        "envoy.extensions.filters.http.nope.v3.Nope",
        "http_filters[0]", "envoy.extensions.filters.http.nope.v3.Nope")]
    public async Task BrokenBootstrapFailsNamingThePathOrType(string port, string regex, string filterType, string path, string what)
    {
        var directory = Directory.CreateTempSubdirectory("proxy-validate-").FullName;
        try
        {
            var file = Path.Combine(directory, "bootstrap.yaml");
            await File.WriteAllTextAsync(file, $$"""
static_resources:
  listeners:
  - name: broken
    address: { socket_address: { address: 127.0.0.1, {{port}} } }
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: broken
          route_config:
            virtual_hosts:
            - name: v
              domains: ["*"]
              routes:
              - match: { safe_regex: { {{regex}} } }
                direct_response: { status: 200 }
          http_filters:
          - name: some.filter
            typed_config: { "@type": "type.googleapis.com/{{filterType}}" }
""");

            var result = await ProxyCommand.RunAsync("--mode", "validate", "-c", file);

            Assert.NotEqual(0, result.ExitCode);
            Assert.DoesNotContain("OK", result.StdOut);
            Assert.Contains(path, result.StdErr);
            Assert.Contains(what, result.StdErr);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
