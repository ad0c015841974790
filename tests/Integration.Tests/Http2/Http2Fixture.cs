using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Http2;

/// <summary>
/// One proxy with three h2c listeners whose connection managers differ only in what a test needs:
/// <list type="bullet">
/// <item>"main" (<see cref="ProxyFixture.Port"/>, codec AUTO): 65,535-byte initial stream and connection windows
/// (HTTP/2's default, so a 1 MiB body needs WINDOW_UPDATEs; Envoy's own default is 256 MiB),
/// max_concurrent_streams 100, max_request_headers_kb 8. Routes: /h2up/* to the upstream's h2c port (prefix
/// rewritten to /), /no-content to a scripted upstream answering 204, everything else to the upstream over
/// HTTP/1.1.</item>
/// <item>"limited" (<see cref="LimitedPort"/>, codec HTTP2): max_concurrent_streams 5.</item>
/// <item>"idle" (<see cref="IdlePort"/>): common_http_protocol_options.idle_timeout 1 s and drain_timeout 0.2 s
/// (Envoy's grace period between its two GOAWAYs, kept short so a drain sequence ends quickly).</item>
/// </list>
/// </summary>
public sealed class Http2Fixture : ProxyFixture
{
    public const int MaxConcurrentStreams = 5;

    public int LimitedPort { get; } = FreePort.Get();

    public int IdlePort { get; } = FreePort.Get();

    public TestUpstream Upstream { get; private set; } = null!;

    /// <summary>Requests for /no-content reach this upstream, which answers 204 with no body.</summary>
    public ScriptedHttpUpstream NoContent { get; private set; } = null!;

    protected override async Task<string> PrepareAsync()
    {
        Upstream = Own(await TestUpstream.StartAsync("up"));
        NoContent = Own(ScriptedHttpUpstream.Start(_ => new ScriptedReply("HTTP/1.1 204 No Content\r\nx-upstream: scripted\r\n\r\n")));
        const string routes = """
- name: all
  domains: ["*"]
  routes:
  - match: { prefix: "/h2up/" }
    route: { cluster: up-h2, prefix_rewrite: "/" }
  - match: { prefix: "/no-content" }
    route: { cluster: scripted }
  - match: { prefix: "/" }
    route: { cluster: up }
""";
        var listeners = string.Join("\n",
            Bootstraps.HttpListener("main", Port, routes, """
codec_type: AUTO
max_request_headers_kb: 8
http2_protocol_options:
  max_concurrent_streams: 100
  initial_stream_window_size: 65535
  initial_connection_window_size: 65535
"""),
            Bootstraps.HttpListener("limited", LimitedPort, routes, $$"""
codec_type: HTTP2
http2_protocol_options: { max_concurrent_streams: {{MaxConcurrentStreams}} }
"""),
            Bootstraps.HttpListener("idle", IdlePort, routes, """
common_http_protocol_options: { idle_timeout: 1s }
drain_timeout: 0.2s
"""));
        var clusters = string.Join("\n",
            Bootstraps.StaticCluster("up", ports: Upstream.Port),
            Bootstraps.StaticCluster("up-h2", http2: true, ports: Upstream.H2Port),
            Bootstraps.StaticCluster("scripted", ports: NoContent.Port));
        return Bootstraps.Server(listeners, clusters);
    }

    /// <summary>Whether the upstream received a request whose target contains <paramref name="marker"/>.</summary>
    public bool UpstreamSaw(string marker) => Upstream.Requests.Any(r => r.RawTarget.Contains(marker, StringComparison.Ordinal));
}
