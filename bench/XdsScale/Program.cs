using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Proxy.Xds.Client;
using Proxy.Xds.Tests.ControlPlane;

namespace Bench.XdsScale;

/// <summary>
/// bench/xds-scale: pushes a synthetic large mesh (default 3,200 clusters, 30,000 endpoints, 550 listeners,
/// 250 route configurations) over ADS to a fresh proxy process per stage, and reports the time from the
/// proxy's first request to every type ACKed, and its RSS 2 s later. Stages: empty, clusters without
/// endpoints, clusters with endpoints, the full mesh; the deltas between stages give the cost per cluster,
/// per endpoint and per listener, measured in the same run.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: bench-xds-scale --proxy-dll PATH | --proxy-aot PATH [--delta] [--all-stats] [--clusters N] [--endpoints N] [--listeners N] [--routes N] [--rounds N]");
            return 2;
        }

        var full = new MeshShape(options.Clusters, options.Endpoints, options.Listeners, options.Routes);
        var stages = new (string Name, MeshShape Shape)[]
        {
            ("empty", new MeshShape(0, 0, 0, 0)),
            ("clusters", new MeshShape(options.Clusters, 0, 0, 0)),
            ("clusters+endpoints", new MeshShape(options.Clusters, options.Endpoints, 0, 0)),
            ("full mesh", full),
        };

        Console.WriteLine($"# xDS scale: {(options.Delta ? "DELTA_GRPC" : "GRPC")} ADS, {(options.IstioStats ? "Istio's stats matcher" : "all stats")}, {Path.GetFileName(options.Proxy)}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        Console.WriteLine("| stage | clusters | endpoints | listeners | routes | first request to all ACKed (ms) | RSS (KB) | peak RSS (KB) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var results = new Dictionary<string, List<Result>>();
        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var (name, shape) in stages)
            {
                var result = await RunStageAsync(options, shape);
                (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(result);
                Console.WriteLine($"| {name} | {shape.Clusters} | {shape.Endpoints} | {shape.Listeners} | {shape.RouteConfigs} | {result.AckedMs:F0} | {result.RssKb} | {result.PeakKb} |");
            }
        }

        long Median(string stage) => results[stage].Select(r => r.RssKb).Order().ElementAt(results[stage].Count / 2);
        var perCluster = (Median("clusters") - Median("empty")) / (double)options.Clusters;
        var perEndpoint = (Median("clusters+endpoints") - Median("clusters")) / (double)options.Endpoints;
        var perListener = (Median("full mesh") - Median("clusters+endpoints")) / (double)options.Listeners;
        var fullMs = results["full mesh"].Select(r => r.AckedMs).Order().ElementAt(results["full mesh"].Count / 2);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"full mesh: {fullMs:F0} ms to all ACKed (goal <= 1000 ms); {perCluster:F2} KB per cluster (goal <= 8); {perEndpoint:F3} KB per endpoint (goal <= 0.3); {perListener:F2} KB per listener with its share of route configurations"));
        return 0;
    }

    private static async Task<Result> RunStageAsync(Options options, MeshShape shape)
    {
        await using var cp = await TestControlPlane.StartAsync();
        var types = new List<(XdsResourceType Type, int Count)>();
        void Set(XdsResourceType type, IMessage[] resources)
        {
            cp.SetResources(type.TypeUrl, "1", resources);
            types.Add((type, resources.Length));
        }

        // Wildcard types are always answered (an empty CDS/LDS response is the empty mesh).
        Set(XdsResourceType.Cluster, shape.BuildClusters());
        Set(XdsResourceType.Listener, shape.BuildListeners());
        if (shape.Clusters > 0)
        {
            Set(XdsResourceType.ClusterLoadAssignment, shape.BuildAssignments());
        }

        if (shape.RouteConfigs > 0)
        {
            Set(XdsResourceType.RouteConfiguration, shape.BuildRoutes());
        }

        var dir = Directory.CreateTempSubdirectory("xds-scale-").FullName;
        var bootstrap = Path.Combine(dir, "bootstrap.yaml");
        await File.WriteAllTextAsync(bootstrap, Bootstrap(cp.Port, FreePort(), options.Delta, options.IstioStats));
        var info = options.Proxy.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { options.Proxy } } : new ProcessStartInfo(options.Proxy);
        foreach (var arg in new[] { "-c", bootstrap, "--concurrency", "2", "--log-level", "warning" })
        {
            info.ArgumentList.Add(arg);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var proxy = Process.Start(info) ?? throw new InvalidOperationException("cannot start the proxy");
        proxy.OutputDataReceived += (_, _) => { };
        proxy.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("proxy: " + e.Data); };
        proxy.BeginOutputReadLine();
        proxy.BeginErrorReadLine();
        try
        {
            var deadline = Stopwatch.StartNew();
            while (cp.AllRequests.IsEmpty)
            {
                Check(proxy, deadline);
                await Task.Delay(2);
            }

            var clock = Stopwatch.StartNew();
            while (!AllAcked(cp, types, options.Delta))
            {
                Check(proxy, deadline);
                await Task.Delay(5);
            }

            var ackedMs = clock.Elapsed.TotalMilliseconds;
            await Task.Delay(TimeSpan.FromSeconds(2));
            var (rss, peak) = Memory(proxy.Id);
            return new Result(ackedMs, rss, peak);
        }
        finally
        {
            proxy.Kill(entireProcessTree: true);
            await proxy.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Check(Process proxy, Stopwatch deadline)
    {
        if (proxy.HasExited)
        {
            throw new InvalidOperationException($"the proxy exited with {proxy.ExitCode}");
        }

        if (deadline.Elapsed > TimeSpan.FromSeconds(120))
        {
            throw new TimeoutException("the proxy did not ACK everything within 120 s");
        }
    }

    /// <summary>Every type with resources has an ACK (a nonce, no error) covering all of its names.</summary>
    private static bool AllAcked(TestControlPlane cp, List<(XdsResourceType Type, int Count)> types, bool delta)
    {
        var requests = cp.AllRequests.ToArray();
        foreach (var (type, count) in types)
        {
            if (delta)
            {
                var ofType = requests.OfType<DeltaDiscoveryRequest>().Where(r => r.TypeUrl == type.TypeUrl).ToList();
                var subscribed = ofType.SelectMany(r => r.ResourceNamesSubscribe).Distinct().Count();
                var acked = ofType.Any(r => r.ResponseNonce.Length > 0 && r.ErrorDetail is null);
                if (ofType.Any(r => r.ErrorDetail is not null))
                {
                    throw new InvalidOperationException($"{type} NACKed: {ofType.First(r => r.ErrorDetail is not null).ErrorDetail.Message}");
                }

                if (!acked || (!type.IsWildcard && subscribed < count))
                {
                    return false;
                }
            }
            else
            {
                var ofType = requests.OfType<DiscoveryRequest>().Where(r => r.TypeUrl == type.TypeUrl).ToList();
                if (ofType.FirstOrDefault(r => r.ErrorDetail is not null) is { } nack)
                {
                    throw new InvalidOperationException($"{type} NACKed: {nack.ErrorDetail.Message}");
                }

                if (!ofType.Any(r => r.VersionInfo == "1" && r.ResponseNonce.Length > 0 && (type.IsWildcard || r.ResourceNames.Count >= count)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static (long Rss, long Peak) Memory(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return (rss, peak);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    // Istio's sidecar bootstrap keeps only these stats (stats_config.stats_matcher of its bootstrap template,
    // ../shared/conformance/istio/bootstrap/golden/default_golden.json): per-cluster and per-listener stats
    // of a mesh are not created in the registry.
    private const string IstioStatsConfig = """
        stats_config:
          use_all_default_tags: false
          stats_matcher:
            inclusion_list:
              patterns:
              - prefix: reporter=
              - prefix: cluster_manager
              - prefix: listener_manager
              - prefix: server
              - prefix: cluster.xds-grpc
              - prefix: wasm
              - suffix: rbac.allowed
              - suffix: rbac.denied
              - suffix: shadow_allowed
              - suffix: shadow_denied
              - safe_regex: { regex: 'vhost\..*\.route\..*' }
              - prefix: component
              - prefix: istio
        """;

    private static string Bootstrap(int controlPlanePort, int adminPort, bool delta, bool istioStats) => (istioStats ? IstioStatsConfig + "\n" : "") + $$"""
        node: { id: sidecar~10.0.0.1~bench.default~default.svc.cluster.local, cluster: bench.default }
        admin:
          address: { socket_address: { address: 127.0.0.1, port_value: {{adminPort}} } }
        dynamic_resources:
          ads_config:
            api_type: {{(delta ? "DELTA_GRPC" : "GRPC")}}
            transport_api_version: V3
            grpc_services:
            - envoy_grpc: { cluster_name: xds-grpc }
          cds_config: { ads: {}, initial_fetch_timeout: 0s, resource_api_version: V3 }
          lds_config: { ads: {}, initial_fetch_timeout: 0s, resource_api_version: V3 }
        static_resources:
          clusters:
          - name: xds-grpc
            type: STATIC
            connect_timeout: 1s
            typed_extension_protocol_options:
              envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                explicit_http_config: { http2_protocol_options: {} }
            load_assignment:
              cluster_name: xds-grpc
              endpoints:
              - lb_endpoints:
                - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: {{controlPlanePort}} } } }
        """;

    private sealed record Result(double AckedMs, long RssKb, long PeakKb);

    private sealed record Options(string Proxy, bool Delta, bool IstioStats, int Clusters, int Endpoints, int Listeners, int Routes, int Rounds)
    {
        public static Options? Parse(string[] args)
        {
            string? proxy = null;
            var delta = false;
            var istioStats = true;
            int clusters = 3200, endpoints = 30000, listeners = 550, routes = 250, rounds = 1;
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--proxy-dll" or "--proxy-aot": proxy = Next(); break;
                    case "--delta": delta = true; break;
                    case "--all-stats": istioStats = false; break;
                    case "--clusters": clusters = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--endpoints": endpoints = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--listeners": listeners = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--routes": routes = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    default: return null;
                }
            }

            return proxy is null || clusters < 1 || listeners < 1 || routes < 1 ? null : new Options(proxy, delta, istioStats, clusters, endpoints, listeners, routes, rounds);
        }
    }
}
