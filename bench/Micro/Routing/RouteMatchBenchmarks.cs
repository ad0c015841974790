using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Proxy.Routing;

namespace Bench.Micro.Routing;

/// <summary>
/// RouteTable.Route on an Istio-sized table: virtual host by :authority (exact, short name with port,
/// cluster IP, unknown host falling to "*"), then the routes in order (a header route and a regex route
/// before the default for every tenth service).
/// </summary>
[MemoryDiagnoser]
public class RouteMatchBenchmarks
{
    private RouteTable _table = null!;
    private RequestView _fqdn;
    private RequestView _shortWithPort;
    private RequestView _clusterIp;
    private RequestView _unknownHost;
    private RequestView _regexRoute;

    [Params(100, 500)]
    public int Services { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = RouteTable.Translate(IstioRoutes.Build(Services), new RouteTranslationContext(t => new LiteralFormatter(t)));
        var middle = Services / 2;
        var (service, ns) = IstioRoutes.Name(middle);
        _fqdn = Request($"{service}.{ns}.svc.cluster.local", "/api/v1/items?page=2");
        _shortWithPort = Request($"{service}:80", "/api/v1/items");
        _clusterIp = Request(IstioRoutes.ClusterIp(middle + 1) + ":80", "/");
        _unknownHost = Request("www.example.com", "/");
        _regexRoute = Request($"svc-{middle - (middle % 10)}.{IstioRoutes.Name(middle - (middle % 10)).Namespace}.svc.cluster.local", "/users/42");
    }

    [Benchmark(Baseline = true)]
    public RouteEntry? Fqdn() => _table.Route(_fqdn, 1).Route;

    [Benchmark]
    public RouteEntry? ShortNameWithPort() => _table.Route(_shortWithPort, 1).Route;

    [Benchmark]
    public RouteEntry? ClusterIp() => _table.Route(_clusterIp, 1).Route;

    [Benchmark]
    public RouteEntry? UnknownHostToAllowAny() => _table.Route(_unknownHost, 1).Route;

    [Benchmark]
    public RouteEntry? HeaderThenRegexRoute() => _table.Route(_regexRoute, 1).Route;

    private static RequestView Request(string authority, string path)
    {
        var headers = new HeaderDictionary
        {
            ["user-agent"] = "fortio.org/fortio-1.63.0",
            ["accept"] = "*/*",
            ["x-request-id"] = "6c2b6f6e-2f1f-4a4e-9a57-7d1a3a0f8f11",
            ["x-forwarded-proto"] = "http",
        };
        return new RequestView("GET", authority, path, headers);
    }
}
