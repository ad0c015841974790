using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Errors;

/// <summary>
/// One proxy whose listener "errors" produces each of Envoy's common error responses: /nr/* matches no
/// route (NR), /uh goes to a cluster without endpoints (UH), /uf to an endpoint nobody listens on (UF),
/// /ut/* to the upstream with a 0.3 s route timeout (UT), /up/* to the upstream without one. Every
/// request is logged as "%RESPONSE_FLAGS% %RESPONSE_CODE% %REQ(:PATH)%" to <see cref="AccessLogPath"/>;
/// request headers must arrive within 0.5 s (request_headers_timeout).
/// </summary>
public sealed class ErrorsFixture : ProxyFixture
{
    public TestUpstream Upstream { get; private set; } = null!;

    public string AccessLogPath => Path.Combine(Proxy.Directory, "access.log");

    /// <summary>Waits for the access log line of the request whose path contains <paramref name="marker"/>.</summary>
    public Task<string> LogLineAsync(string marker) => AccessLogFile.WaitForLineAsync(AccessLogPath, marker);

    protected override async Task<string> PrepareAsync()
    {
        Upstream = Own(await TestUpstream.StartAsync("up"));
        const string routes = """
- name: all
  domains: ["*"]
  routes:
  - match: { prefix: "/uh" }
    route: { cluster: empty }
  - match: { prefix: "/uf" }
    route: { cluster: closed }
  - match: { prefix: "/ut/" }
    route: { cluster: up, timeout: 0.3s, prefix_rewrite: "/" }
  - match: { prefix: "/up/" }
    route: { cluster: up, prefix_rewrite: "/" }
""";
        var hcm = "request_headers_timeout: 0.5s\n" + AccessLogBootstraps.File("{DIR}/access.log", "%RESPONSE_FLAGS% %RESPONSE_CODE% %REQ(:PATH)%");
        var clusters = string.Join("\n",
            Bootstraps.StaticCluster("up", ports: Upstream.Port),
            Bootstraps.StaticCluster("closed", ports: Own(new ClosedPort()).Port),
            """
- name: empty
  type: STATIC
  connect_timeout: 1s
  load_assignment: { cluster_name: empty }
""");
        return Bootstraps.Server(Bootstraps.HttpListener("errors", Port, routes, hcm), clusters);
    }
}
