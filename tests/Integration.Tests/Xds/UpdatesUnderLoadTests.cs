using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Proxy.Integration.Tests.Infrastructure;
using Proxy.Xds.Client;
using Proxy.Xds.Tests.ControlPlane;
using Xunit.Abstractions;
using static Proxy.Integration.Tests.Xds.XdsResources;

namespace Proxy.Integration.Tests.Xds;

/// <summary>
/// Issue requirement: 60 seconds of 10 updates per second (routes, clusters and endpoints changing) while load
/// flows through the proxy, with zero failed requests. Loopback only; the load and the pushes are bounded in time.
/// </summary>
public sealed class UpdatesUnderLoadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sixty_seconds_of_ten_updates_a_second_under_load_fail_no_request()
    {
        await using var one = await TestUpstream.StartAsync("one");
        await using var two = await TestUpstream.StartAsync("two");
        await using var cp = await TestControlPlane.StartAsync();
        var port = FreePort.Get();
        AdsTests.Publish(cp, "0", port, ("svc-a", one.Port), ("svc-b", two.Port));
        await using var proxy = await ProxyProcess.StartAsync(AdsBootstrap(cp.Port), ["--log-level", "warning"]);

        using var stop = new CancellationTokenSource(Duration);
        var failures = new List<string>();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        long requests = 0;
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync($"http://127.0.0.1:{port}/load");
                    await response.Content.ReadAsStringAsync();
                    Interlocked.Increment(ref requests);
                    seen.AddOrUpdate(response.Headers.TryGetValues("x-upstream", out var v) ? v.First() : "?", 1, (_, n) => n + 1);
                    if ((int)response.StatusCode != 200)
                    {
                        lock (failures)
                        {
                            failures.Add($"{(int)response.StatusCode} {response.Headers}");
                        }
                    }
                }
                catch (HttpRequestException e)
                {
                    lock (failures)
                    {
                        failures.Add(e.Message);
                    }
                }
            }
        })).ToArray();

        var clock = Stopwatch.StartNew();
        var updates = 0;
        while (clock.Elapsed < Duration - TimeSpan.FromSeconds(1))
        {
            updates++;
            var version = updates.ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (updates % 3)
            {
                case 0:
                    // Routes: the default route alternates between the two services.
                    cp.SetResources(XdsResourceType.RouteConfiguration.TypeUrl, version, Routes("r", updates % 2 == 0 ? "svc-a" : "svc-b"));
                    break;
                case 1:
                    // Endpoints: svc-a gains and loses the second upstream.
                    cp.SetResources(XdsResourceType.ClusterLoadAssignment.TypeUrl, version,
                        updates % 2 == 0 ? Endpoints("svc-a", one.Port) : Endpoints("svc-a", one.Port, two.Port),
                        Endpoints("svc-b", two.Port));
                    break;
                default:
                    // Clusters: both change (connect timeout), so both are rebuilt while serving.
                    var a = EdsCluster("svc-a");
                    var b = EdsCluster("svc-b");
                    a.ConnectTimeout = b.ConnectTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1000 + updates));
                    cp.SetResources(XdsResourceType.Cluster.TypeUrl, version, a, b);
                    break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        await Task.WhenAll(load);
        var accepted = await proxy.StatAsync("cluster_manager.cds.update_success") + await proxy.StatAsync("http.http.rds.r.update_success");
        output.WriteLine($"{requests} requests, {updates} updates, upstreams: {string.Join(", ", seen.Select(p => $"{p.Key}={p.Value}"))}, accepted CDS+RDS: {accepted}");

        Assert.Empty(failures);
        Assert.True(updates >= 500, $"only {updates} updates were pushed");
        Assert.True(requests > 1000, $"only {requests} requests went through");
        Assert.True(seen.ContainsKey("one") && seen.ContainsKey("two"), "both upstreams served");
        Assert.True(accepted >= 2 * updates / 3 - 5, $"the proxy accepted {accepted} CDS+RDS updates of {2 * updates / 3}");
        Assert.Equal(0, await proxy.StatAsync("cluster_manager.cds.update_rejected"));
    }
}
