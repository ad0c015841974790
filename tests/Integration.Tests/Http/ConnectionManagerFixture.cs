using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Http;

/// <summary>
/// One proxy with four HTTP listeners whose connection managers differ the way Envoy users set them:
/// "edge" (use_remote_address, 127.0.0.1 made external, strict limits, path normalization, WebSocket),
/// "trusted" (one trusted proxy hop in front), "inner" (behind another proxy, HTTP/1 only) and "h2only".
/// Every route sends to the upstream "up" and tells it the trusted client address in x-client.
/// </summary>
public sealed class ConnectionManagerFixture : ProxyFixture
{
    public int EdgePort => Port;

    public int TrustedPort { get; } = FreePort.Get();

    public int InnerPort { get; } = FreePort.Get();

    public int H2OnlyPort { get; } = FreePort.Get();

    public TestUpstream Upstream { get; private set; } = null!;

    protected override async Task<string> PrepareAsync()
    {
        Upstream = Own(await TestUpstream.StartAsync("up"));
        const string routes = """
- name: all
  domains: ["*"]
  request_headers_to_add:
  - header: { key: x-client, value: "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%" }
  routes:
  - match: { prefix: "/direct" }
    direct_response: { status: 200, body: { inline_string: "direct" } }
  - match: { prefix: "/" }
    route: { cluster: up }
""";
        var listeners = string.Join("\n",
            Bootstraps.HttpListener("edge", EdgePort, routes, """
use_remote_address: true
internal_address_config: { cidr_ranges: [{ address_prefix: 10.0.0.0, prefix_len: 8 }] }
server_name: edge-proxy
max_request_headers_kb: 8
common_http_protocol_options: { headers_with_underscores_action: REJECT_REQUEST }
normalize_path: true
merge_slashes: true
path_with_escaped_slashes_action: UNESCAPE_AND_REDIRECT
upgrade_configs: [{ upgrade_type: websocket }]
"""),
            Bootstraps.HttpListener("trusted", TrustedPort, routes, """
use_remote_address: true
xff_num_trusted_hops: 1
server_header_transformation: PASS_THROUGH
common_http_protocol_options: { headers_with_underscores_action: DROP_HEADER }
path_with_escaped_slashes_action: REJECT_REQUEST
"""),
            Bootstraps.HttpListener("inner", InnerPort, routes, """
codec_type: HTTP1
server_header_transformation: APPEND_IF_ABSENT
"""),
            Bootstraps.HttpListener("h2only", H2OnlyPort, routes, """
codec_type: HTTP2
path_with_escaped_slashes_action: UNESCAPE_AND_FORWARD
"""));
        return Bootstraps.Server(listeners, Bootstraps.StaticCluster("up", ports: Upstream.Port));
    }
}
