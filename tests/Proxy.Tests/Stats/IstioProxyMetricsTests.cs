using System.Text.RegularExpressions;
using Proxy.Filters.Stats;
using Proxy.Stats;

namespace Proxy.Tests.Stats;

/// <summary>
/// The Prometheus families istio/proxy's integration tests expect (istio/proxy_testdata/metric), produced
/// from the same stat names under the same bootstrap stats_config (proxy_testdata/bootstrap/stats.yaml.tmpl):
/// metric name, type, label names, label order and values must match.
/// </summary>
public sealed class IstioProxyMetricsTests
{
    private static StatsStore IstioProxyStore()
    {
        // stats.yaml.tmpl: use_all_default_tags plus Istio's custom tags, as tag_name/regex pairs.
        var yaml = File.ReadAllText(ConformanceData.PathOf(Path.Combine("istio", "proxy_testdata", "bootstrap", "stats.yaml.tmpl")));
        var config = new Envoy.Config.Metrics.V3.StatsConfig { UseAllDefaultTags = true };
        foreach (Match m in Regex.Matches(yaml, "tag_name: \"(?<name>[^\"]+)\"\\s*\\n\\s*regex: \"(?<regex>(?:[^\"\\\\]|\\\\.)*)\""))
        {
            config.StatsTags.Add(new Envoy.Config.Metrics.V3.TagSpecifier
            {
                TagName = m.Groups["name"].Value,
                Regex = m.Groups["regex"].Value.Replace("\\\\", "\\", StringComparison.Ordinal),
            });
        }

        Assert.True(config.StatsTags.Count > 30, "stats.yaml.tmpl tags not found");
        var store = new StatsStore(StatsConfigTranslator.Translate(config));
        store.RegisterCustomNamespace("istiocustom");
        return store;
    }

    [Theory]
    [InlineData("basic_flow_client_requests.yaml.tmpl", "listener.127.0.0.1_20000.http.client.downstream_rq_2xx")]
    [InlineData("basic_flow_server_requests.yaml.tmpl", "listener.127.0.0.2_20000.http.server.downstream_rq_2xx")]
    [InlineData("basic_flow_client_tcp_connection.yaml.tmpl", "tcp.outbound_tcp.downstream_cx_total")]
    [InlineData("basic_flow_server_tcp_connection.yaml.tmpl", "tcp.inbound_tcp.downstream_cx_total")]
    [InlineData("envoy_bug_failures.yaml", "server.envoy_bug_failures")]
    [InlineData("tcp_server_mx_stats_alpn_found.yaml.tmpl", "metadata_exchange.alpn_protocol_found")]
    public void EnvoyCounterMatchesExpectedFamily(string expectedFile, string statName)
    {
        var expected = ExpectedMetric.Load(expectedFile);
        var store = IstioProxyStore();
        store.Counter(statName).Add(expected.Value);

        var parsed = PrometheusText.Parse(PrometheusRendererTests.Render(store));

        Assert.Equal(expected.Type, parsed.Types[expected.Name].ToUpperInvariant());
        var sample = parsed.Single(expected.Name);
        Assert.Equal(expected.Labels, sample.Labels);
        Assert.Equal(expected.Value, sample.Value);
    }

    [Theory]
    [InlineData("client_request_total.yaml.tmpl")]
    [InlineData("server_request_total.yaml.tmpl")]
    [InlineData("tcp_server_connection_open.yaml.tmpl")]
    [InlineData("client_request_messages.yaml.tmpl")]
    [InlineData("istio_build.yaml")]
    public void IstioStandardMetricMatchesExpectedFamily(string expectedFile)
    {
        var expected = ExpectedMetric.Load(expectedFile);
        var store = IstioProxyStore();
        if (expected.Type == "GAUGE")
        {
            store.GaugeWithTags("istiocustom." + expected.Name, expected.Labels).Set((long)expected.Value);
        }
        else
        {
            store.CounterWithTags("istiocustom." + expected.Name, expected.Labels).Add(expected.Value);
        }

        var parsed = PrometheusText.Parse(PrometheusRendererTests.Render(store));

        Assert.Equal(expected.Type, parsed.Types[expected.Name].ToUpperInvariant());
        var sample = parsed.Single(expected.Name);
        Assert.Equal(expected.Labels, sample.Labels);
        Assert.Equal(expected.Value, sample.Value);
    }

    [Fact]
    public void IstioHistogramFamilyHasItsLabelsBeforeLe()
    {
        var store = IstioProxyStore();
        store.HistogramWithTags(
            "istiocustom.istio_request_duration_milliseconds",
            [new("reporter", "source"), new("response_code", "200")],
            HistogramUnit.Milliseconds).Record(3);

        var parsed = PrometheusText.Parse(PrometheusRendererTests.Render(store));

        Assert.Equal("histogram", parsed.Types["istio_request_duration_milliseconds"]);
        var bucket = parsed.Samples.First(s => s.Name == "istio_request_duration_milliseconds_bucket");
        Assert.Equal(["reporter", "response_code", "le"], bucket.Labels.Select(l => l.Key));
        Assert.Equal(1, parsed.Single("istio_request_duration_milliseconds_count").Value);
    }

    /// <summary>One expected metric of proxy_testdata/metric: its first branch of any template conditional, placeholders (ports, counts) as 20000.</summary>
    private sealed record ExpectedMetric(string Name, string Type, List<KeyValuePair<string, string>> Labels, ulong Value)
    {
        public static ExpectedMetric Load(string file)
        {
            var lines = File.ReadAllLines(ConformanceData.PathOf(Path.Combine("istio", "proxy_testdata", "metric", file)));
            string? name = null;
            string? type = null;
            ulong value = 0;
            var labels = new List<KeyValuePair<string, string>>();
            string? pendingLabel = null;
            var skipping = false;
            foreach (var raw in lines)
            {
                var line = raw.Trim();
                if (line.StartsWith("{{- if", StringComparison.Ordinal) || line.StartsWith("{{- end", StringComparison.Ordinal))
                {
                    skipping = false;
                    continue;
                }

                if (line.StartsWith("{{- else", StringComparison.Ordinal))
                {
                    skipping = true;
                    continue;
                }

                if (skipping)
                {
                    continue;
                }

                if (raw.StartsWith("name: ", StringComparison.Ordinal))
                {
                    name = line["name: ".Length..];
                }
                else if (raw.StartsWith("type: ", StringComparison.Ordinal))
                {
                    type = line["type: ".Length..];
                }
                else if (line.StartsWith("- name: ", StringComparison.Ordinal))
                {
                    pendingLabel = line["- name: ".Length..];
                }
                else if (line.StartsWith("value: ", StringComparison.Ordinal))
                {
                    var text = Regex.Replace(line["value: ".Length..].Trim('"'), "{{[^}]*}}", "20000");
                    if (pendingLabel is null)
                    {
                        value = ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else
                    {
                        labels.Add(new(pendingLabel, text));
                        pendingLabel = null;
                    }
                }
            }

            return new ExpectedMetric(name!, type!, labels, value);
        }
    }
}
