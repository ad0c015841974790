using System.Collections.Immutable;
using System.Net;
using BenchmarkDotNet.Attributes;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;
using Proxy.Upstream.LoadBalancing;

namespace Bench.Micro.LoadBalancing;

/// <summary>
/// One host pick per operation for each load balancer Istio configures (ROUND_ROBIN, LEAST_REQUEST,
/// RING_HASH and MAGLEV for consistent hashing, RANDOM), over one priority of healthy, equally weighted
/// endpoints.
/// </summary>
[MemoryDiagnoser]
public class LoadBalancerBenchmarks
{
    private ILoadBalancer _roundRobin = null!;
    private ILoadBalancer _leastRequest = null!;
    private ILoadBalancer _ringHash = null!;
    private ILoadBalancer _maglev = null!;
    private ILoadBalancer _random = null!;
    private Random _rng = null!;
    private ulong _hash;

    [Params(3, 100)]
    public int Hosts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var endpoints = ImmutableArray.CreateBuilder<EndpointConfig>();
        for (var i = 1; i <= Hosts; i++)
        {
            endpoints.Add(new EndpointConfig
            {
                Address = EndpointAddress.FromIp(new IPEndPoint(IPAddress.Parse($"10.0.{i / 250}.{(i % 250) + 1}"), 8080)),
                HealthStatus = EndpointHealthStatus.Healthy,
            });
        }

        var assignment = new LoadAssignment
        {
            ClusterName = "outbound|8080||reviews.default.svc.cluster.local",
            Localities = [new LocalityEndpoints { Endpoints = endpoints.ToImmutable() }],
        };
        var set = HostSetBuilder.Update(null, assignment, LoadBalancerSettings.DefaultHealthyPanicThreshold);
        var settings = LoadBalancerSettings.Default;
        _rng = new Random(42);
        _roundRobin = new RoundRobinLoadBalancer(set, settings with { Kind = LoadBalancerKind.RoundRobin }, new Random(1));
        _leastRequest = new LeastRequestLoadBalancer(set, settings with { Kind = LoadBalancerKind.LeastRequest }, new Random(2));
        _ringHash = new RingHashLoadBalancer(set, settings with { Kind = LoadBalancerKind.RingHash });
        _maglev = new MaglevLoadBalancer(set, settings with { Kind = LoadBalancerKind.Maglev });
        _random = new RandomLoadBalancer(set, settings with { Kind = LoadBalancerKind.Random }, new Random(3));
    }

    [Benchmark(Baseline = true)]
    public Host? RoundRobin() => _roundRobin.ChooseHost(new LoadBalancerContext(_rng));

    [Benchmark]
    public Host? LeastRequest() => _leastRequest.ChooseHost(new LoadBalancerContext(_rng));

    [Benchmark]
    public Host? RingHash() => _ringHash.ChooseHost(new LoadBalancerContext(_rng, _hash += 0x9E3779B97F4A7C15));

    [Benchmark]
    public Host? Maglev() => _maglev.ChooseHost(new LoadBalancerContext(_rng, _hash += 0x9E3779B97F4A7C15));

    [Benchmark]
    public Host? RandomPick() => _random.ChooseHost(new LoadBalancerContext(_rng));
}
