using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Grpc;

/// <summary>
/// A real python gRPC server behind the proxy (h2c upstream cluster "grpc" for service test.Echo) and a
/// cluster "dead" (nobody listens) for service test.Dead.
/// </summary>
public sealed class GrpcFixture : ProxyFixture
{
    public string Target => $"127.0.0.1:{Port}";

    protected override async Task<string> PrepareAsync()
    {
        var grpcPort = FreePort.Get();
        Own(await Python.StartAsync("grpc_echo_server.py", "READY", grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        const string routes = """
- name: grpc
  domains: ["*"]
  routes:
  - match: { prefix: "/test.Echo/" }
    route: { cluster: grpc }
  - match: { prefix: "/test.Dead/" }
    route: { cluster: dead }
""";
        var clusters = Bootstraps.StaticCluster("grpc", http2: true, ports: grpcPort) + "\n" + Bootstraps.StaticCluster("dead", http2: true, ports: FreePort.Get());
        return Bootstraps.Http(Port, routes, clusters);
    }
}
