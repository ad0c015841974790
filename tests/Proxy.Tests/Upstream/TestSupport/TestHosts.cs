using System.Collections.Immutable;
using System.Net;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Tests.Upstream.TestSupport;

/// <summary>Builds load assignments and host snapshots for load balancer tests.</summary>
internal static class TestHosts
{
    public static EndpointConfig Endpoint(string address, uint weight = 1, EndpointHealthStatus status = EndpointHealthStatus.Healthy,
        string hostname = "")
    {
        var separator = address.LastIndexOf(':');
        var ip = IPAddress.Parse(address[..separator].Trim('[', ']'));
        return new EndpointConfig
        {
            Address = EndpointAddress.FromIp(new IPEndPoint(ip, int.Parse(address[(separator + 1)..]))),
            Weight = weight,
            HealthStatus = status,
            Hostname = hostname,
        };
    }

    public static LocalityEndpoints Locality(int priority, params EndpointConfig[] endpoints) =>
        new() { Priority = priority, Endpoints = endpoints.ToImmutableArray() };

    public static LocalityEndpoints Locality(string zone, uint? weight, int priority, params EndpointConfig[] endpoints) =>
        new()
        {
            Locality = new Proxy.Upstream.Config.Locality("region", zone, string.Empty),
            LoadBalancingWeight = weight,
            Priority = priority,
            Endpoints = endpoints.ToImmutableArray(),
        };

    public static LoadAssignment Assignment(params LocalityEndpoints[] localities) =>
        new() { ClusterName = "test", Localities = localities.ToImmutableArray() };

    public static PrioritySet Set(params LocalityEndpoints[] localities) =>
        HostSetBuilder.Update(null, Assignment(localities), LoadBalancerSettings.DefaultHealthyPanicThreshold);

    /// <summary>One priority of healthy hosts 127.0.0.1:&lt;port&gt; for each port.</summary>
    public static PrioritySet Ports(params int[] ports) =>
        Set(Locality(0, ports.Select(p => Endpoint($"127.0.0.1:{p}")).ToArray()));

    /// <summary>Healthy hosts 10.0.0.1..n:80 at priority 0.</summary>
    public static PrioritySet Many(int count, uint weight = 1) =>
        Set(Locality(0, Enumerable.Range(1, count).Select(i => Endpoint($"10.0.{i / 250}.{(i % 250) + 1}:80", weight)).ToArray()));

    public static Dictionary<Host, int> Count(Func<Host?> pick, int picks)
    {
        var counts = new Dictionary<Host, int>();
        for (var i = 0; i < picks; i++)
        {
            var host = pick() ?? throw new InvalidOperationException("no host chosen");
            counts[host] = counts.GetValueOrDefault(host) + 1;
        }

        return counts;
    }
}
