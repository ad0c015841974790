using System.Net;
using BenchmarkDotNet.Attributes;
using Proxy.Listeners;
using Proxy.Listeners.Config;

namespace Bench.Micro.Listeners;

/// <summary>
/// FilterChainSelector.Select on a listener shaped like Istio's virtualInbound (0.0.0.0:15006): per
/// service port, a TLS chain (ALPN istio-peer-exchange/istio/h2/http/1.1) and a plaintext chain, plus the
/// passthrough chains matching 0.0.0.0/0 and ::/0 for any other port.
/// </summary>
[MemoryDiagnoser]
public class FilterChainMatchBenchmarks
{
    private FilterChainSelector _selector = null!;
    private ConnectionInfo _plaintextServicePort = null!;
    private ConnectionInfo _tlsServicePort = null!;
    private ConnectionInfo _passthrough = null!;

    [Params(10, 50)]
    public int Ports { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var chains = new List<FilterChainConfig>();
        var any4 = new CidrRange(IPAddress.Any, 0);
        var any6 = new CidrRange(IPAddress.IPv6Any, 0);
        for (var i = 0; i < Ports; i++)
        {
            var port = 8000 + i;
            chains.Add(new FilterChainConfig
            {
                Name = $"0.0.0.0_{port}_tls",
                Match = new FilterChainMatch
                {
                    DestinationPort = port,
                    TransportProtocol = "tls",
                    ApplicationProtocols = ["istio-peer-exchange", "istio", "istio-http/1.0", "istio-http/1.1", "istio-h2"],
                },
            });
            chains.Add(new FilterChainConfig
            {
                Name = $"0.0.0.0_{port}",
                Match = new FilterChainMatch { DestinationPort = port, TransportProtocol = "raw_buffer" },
            });
        }

        foreach (var (name, range) in new[] { ("4", any4), ("6", any6) })
        {
            chains.Add(new FilterChainConfig
            {
                Name = "virtualInbound-blackhole-" + name,
                Match = new FilterChainMatch { DestinationPort = 15006, PrefixRanges = [range] },
            });
            chains.Add(new FilterChainConfig
            {
                Name = "virtualInbound-catchall-http-" + name,
                Match = new FilterChainMatch { PrefixRanges = [range], TransportProtocol = "raw_buffer", ApplicationProtocols = ["http/1.1", "h2c"] },
            });
            chains.Add(new FilterChainConfig
            {
                Name = "virtualInbound-" + name,
                Match = new FilterChainMatch { PrefixRanges = [range] },
            });
        }

        _selector = new FilterChainSelector(chains, null);
        var remote = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 40000);
        var local = new IPEndPoint(IPAddress.Parse("10.1.0.7"), 8000 + (Ports / 2));
        _plaintextServicePort = new ConnectionInfo
        {
            LocalEndPoint = local, RemoteEndPoint = remote, DirectRemoteEndPoint = remote, ApplicationProtocols = ["http/1.1"],
        };
        _tlsServicePort = new ConnectionInfo
        {
            LocalEndPoint = local, RemoteEndPoint = remote, DirectRemoteEndPoint = remote, TransportProtocol = "tls",
            ServerName = "outbound_.8000_._.reviews.default.svc.cluster.local", ApplicationProtocols = ["istio-http/1.1", "istio", "http/1.1"],
        };
        _passthrough = new ConnectionInfo
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Parse("10.1.0.7"), 3306), RemoteEndPoint = remote, DirectRemoteEndPoint = remote,
        };
    }

    [Benchmark(Baseline = true)]
    public string? PlaintextServicePort() => _selector.Select(_plaintextServicePort)?.Name;

    [Benchmark]
    public string? MutualTlsServicePort() => _selector.Select(_tlsServicePort)?.Name;

    [Benchmark]
    public string? PassthroughPort() => _selector.Select(_passthrough)?.Name;
}
