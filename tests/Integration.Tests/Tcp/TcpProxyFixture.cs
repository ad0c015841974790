using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Tcp;

/// <summary>
/// tcp_proxy listeners over two echo servers that sign off with "E1-BYE" / "E2-BYE" after the client's FIN:
/// plain, weighted 50/50, a 300 ms idle_timeout, and a cluster whose first host refuses connections, with
/// max_connect_attempts 2 and with the default 1.
/// </summary>
public sealed class TcpProxyFixture : ProxyFixture
{
    public int PlainPort => Port;

    public int WeightedPort { get; } = FreePort.Get();

    public int IdlePort { get; } = FreePort.Get();

    public int RetryPort { get; } = FreePort.Get();

    public int NoRetryPort { get; } = FreePort.Get();

    protected override Task<string> PrepareAsync()
    {
        var one = Own(TcpEchoServer.Start("E1-BYE"));
        var two = Own(TcpEchoServer.Start("E2-BYE"));
        var listeners = string.Join("\n",
            Bootstraps.TcpListener("plain", PlainPort, "cluster: echo1"),
            Bootstraps.TcpListener("weighted", WeightedPort, "weighted_clusters: { clusters: [{ name: echo1, weight: 1 }, { name: echo2, weight: 1 }] }"),
            Bootstraps.TcpListener("idle", IdlePort, "cluster: echo1\nidle_timeout: 0.3s"),
            Bootstraps.TcpListener("retry", RetryPort, "cluster: flaky\nmax_connect_attempts: 2"),
            Bootstraps.TcpListener("noretry", NoRetryPort, "cluster: flaky"));
        var clusters = string.Join("\n",
            Bootstraps.StaticCluster("echo1", ports: one.Port),
            Bootstraps.StaticCluster("echo2", ports: two.Port),
            Bootstraps.StaticCluster("flaky", ports: [FreePort.Get(), one.Port]));
        return Task.FromResult(Bootstraps.Server(listeners, clusters));
    }
}
