using Proxy.Integration.Tests.Infrastructure;
using Xunit;
using static Proxy.Integration.Tests.Capture.SidecarBootstrap;

namespace Proxy.Integration.Tests.Capture;

/// <summary>
/// The proxy as a sidecar with real capture: rules from its own init command in a pod namespace, traffic from
/// real clients in the pod and in a remote namespace (see <see cref="SidecarPod"/>).
/// </summary>
public sealed class TransparentCaptureTests(SidecarPod pod) : IClassFixture<SidecarPod>
{
    [NamespaceFact]
    public async Task Outbound_http_is_redirected_to_15001_and_handed_to_the_listener_of_its_port()
    {
        var before = await pod.StatAsync("listener.0.0.0.0_8000.downstream_cx_total");

        var response = await pod.FromPodAsync($"http://{RemoteIp}:8000/hello");

        Assert.True(response.Status == 200, response.StdErr + pod.ProxyOutput);
        Assert.Equal("0.0.0.0_8000", response.Header("x-proxy-listener"));
        var echo = SidecarPod.Echo(response);
        Assert.Equal($"{RemoteIp}:8000", echo.Local);
        Assert.True(echo.Headers.ContainsKey("x-request-id"), "the HTTP connection manager handled the request");

        // One connection reached the port listener: the proxy's own upstream connection was not captured again.
        Assert.Equal(before + 1, await pod.StatAsync("listener.0.0.0.0_8000.downstream_cx_total"));
    }

    [NamespaceFact]
    public async Task Outbound_to_a_port_without_a_listener_passes_through_to_the_original_destination()
    {
        var response = await pod.FromPodAsync($"http://{RemoteIp}:8001/");

        Assert.Equal(200, response.Status);
        Assert.Null(response.Header("x-proxy-listener"));
        Assert.Equal($"{RemoteIp}:8001", SidecarPod.Echo(response).Local);
        var line = await Eventually.UntilAsync(
            () => Task.FromResult(File.Exists(pod.OutboundLog) ? File.ReadAllText(pod.OutboundLog) : ""),
            text => text.Contains($"passthrough {RemoteIp}:8001 {RemoteIp}:8001", StringComparison.Ordinal),
            "the PassthroughCluster access log line");
        Assert.Contains($"passthrough {RemoteIp}:8001", line, StringComparison.Ordinal);
    }

    [NamespaceFact]
    public async Task Outbound_ipv6_is_captured_by_ip6tables_and_passes_through()
    {
        var response = await pod.FromPodAsync($"http://[{RemoteIp6}]:8001/v6");

        Assert.True(response.Status == 200, response.StdErr + pod.ProxyOutput);
        Assert.Equal($"{RemoteIp6}:8001", SidecarPod.Echo(response).Local);
        await Eventually.UntilAsync(
            () => Task.FromResult(File.Exists(pod.OutboundLog) ? File.ReadAllText(pod.OutboundLog) : ""),
            text => text.Contains($"passthrough [{RemoteIp6}]:8001 [{RemoteIp6}]:8001", StringComparison.Ordinal),
            "the IPv6 PassthroughCluster access log line");
    }

    [NamespaceFact]
    public async Task Inbound_http_to_the_application_port_goes_through_15006_and_arrives_from_127_0_0_6()
    {
        var response = await pod.FromRemoteAsync($"http://{PodIp}:8080/in");

        Assert.True(response.Status == 200, response.StdErr + pod.ProxyOutput);
        Assert.Equal("virtualInbound 0.0.0.0_8080", response.Header("x-proxy-chain"));
        var echo = SidecarPod.Echo(response);
        Assert.Equal("127.0.0.6", echo.Peer);
        Assert.Equal($"{PodIp}:8080", echo.Local);
    }

    [NamespaceFact]
    public async Task Inbound_tcp_to_another_port_uses_the_inbound_passthrough_chain()
    {
        var before = await pod.StatAsync("cluster.InboundPassthroughClusterIpv4.upstream_cx_total");

        var response = await pod.FromRemoteAsync($"http://{PodIp}:8081/");

        Assert.Equal(200, response.Status);
        Assert.Null(response.Header("x-proxy-chain"));
        Assert.Equal("127.0.0.6", SidecarPod.Echo(response).Peer);
        Assert.Equal(before + 1, await pod.StatAsync("cluster.InboundPassthroughClusterIpv4.upstream_cx_total"));
    }

    [NamespaceFact]
    public async Task Excluded_inbound_port_reaches_the_application_directly()
    {
        var response = await pod.FromRemoteAsync($"http://{PodIp}:8082/");

        Assert.Equal(200, response.Status);
        Assert.Equal(RemoteIp, SidecarPod.Echo(response).Peer);
    }

    [NamespaceFact]
    public async Task Excluded_cidr_is_not_captured()
    {
        var response = await pod.FromPodAsync($"http://{ExcludedIp}:8000/");

        Assert.Equal(200, response.Status);
        Assert.Null(response.Header("x-proxy-listener"));
        Assert.Equal($"{ExcludedIp}:8000", SidecarPod.Echo(response).Local);
    }

    [NamespaceFact]
    public async Task Excluded_outbound_port_is_not_captured()
    {
        // 0.0.0.0_8002 exists and would add its header if the connection had been redirected.
        var response = await pod.FromPodAsync($"http://{RemoteIp}:8002/");

        Assert.Equal(200, response.Status);
        Assert.Null(response.Header("x-proxy-listener"));
        Assert.False(SidecarPod.Echo(response).Headers.ContainsKey("x-request-id"));
    }

    [NamespaceFact]
    public async Task Excluded_uid_is_not_captured()
    {
        var response = await pod.FromPodAsync($"http://{RemoteIp}:8000/", uid: 2000);

        Assert.True(response.Status == 200, response.StdErr);
        Assert.Null(response.Header("x-proxy-listener"));
        Assert.False(SidecarPod.Echo(response).Headers.ContainsKey("x-request-id"));
    }

    [NamespaceFact]
    public async Task Port_routed_to_the_blackhole_cluster_closes_without_an_answer()
    {
        var before = await pod.StatAsync("cluster.BlackHoleCluster.upstream_cx_none_healthy");

        var response = await pod.FromPodAsync($"http://{RemoteIp}:9999/");

        Assert.Equal(52, response.ExitCode); // curl: empty reply from server
        Assert.Equal(before + 1, await pod.StatAsync("cluster.BlackHoleCluster.upstream_cx_none_healthy"));
    }

    [NamespaceFact]
    public async Task Direct_connection_to_15001_stays_on_virtualOutbound_and_is_blackholed_not_looped()
    {
        var before = await pod.StatAsync("cluster.BlackHoleCluster.upstream_cx_none_healthy");

        var response = await pod.FromPodAsync("http://127.0.0.1:15001/");

        Assert.Equal(52, response.ExitCode);
        Assert.Equal(before + 1, await pod.StatAsync("cluster.BlackHoleCluster.upstream_cx_none_healthy"));
    }
}
