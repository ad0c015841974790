using Proxy.Integration.Tests.Infrastructure;
using Xunit;

namespace Proxy.Integration.Tests.Docker;

/// <summary>
/// There is no container engine here, so the images are tested by what they run: each image's ENTRYPOINT with
/// the arguments the Kubernetes example gives it, run from this build.
/// </summary>
public sealed class ImageCommandTests
{
    private static string Dockerfile => Path.Combine(RepoPaths.Root, "docker", "Dockerfile");

    private static string PodManifest => Path.Combine(RepoPaths.Root, "docker", "k8s", "pod-with-sidecar.yaml");

    private static string SidecarBootstrap => Path.Combine(RepoPaths.Root, "docker", "k8s", "sidecar-bootstrap.yaml");

    [Fact]
    public async Task Init_image_runs_the_iptables_command_with_the_example_pods_flags()
    {
        var entrypoint = ImageManifest.Entrypoint(Dockerfile, "init");
        Assert.Equal(["/usr/local/bin/proxy", "iptables"], entrypoint);

        var result = await ProxyCommand.RunAsync([.. entrypoint[1..], "--dry-run", .. ImageManifest.ContainerArgs(PodManifest, "proxy-init")]);

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
        Assert.Contains("-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_image_runs_the_example_sidecar_and_its_bootstrap_validates()
    {
        Assert.Equal(["/usr/local/bin/proxy"], ImageManifest.Entrypoint(Dockerfile, "proxy"));
        var args = ImageManifest.ContainerArgs(PodManifest, "proxy");
        args[Array.IndexOf(args, "-c") + 1] = SidecarBootstrap;

        var result = await ProxyCommand.RunAsync([.. args, "--mode", "validate"]);

        Assert.True(result.ExitCode == 0, result.StdOut + result.StdErr);
    }

    [NamespaceFact]
    public async Task Example_sidecar_serves_readiness_and_prometheus_stats_on_istios_ports()
    {
        // Istio's fixed ports, so the proxy gets a network namespace of its own.
        await using var pod = await NetworkNamespace.CreateAsync("proxy-image");
        var args = ImageManifest.ContainerArgs(PodManifest, "proxy");
        args[Array.IndexOf(args, "-c") + 1] = SidecarBootstrap;
        args[Array.IndexOf(args, "--log-level") + 1] = "info"; // to see the LIVE line
        await using var proxy = await pod.StartAsync("server is LIVE", TimeSpan.FromSeconds(90), ["dotnet", RepoPaths.ProxyDll, .. args]);

        var ready = await pod.RunAsync("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:15021/healthz/ready");
        var stats = await pod.RunAsync("curl", "-sS", "http://127.0.0.1:15090/stats/prometheus");

        Assert.Equal("200", ready.StdOut);
        Assert.Contains("envoy_cluster_upstream_cx_total{envoy_cluster_name=\"PassthroughCluster\"}", stats.StdOut, StringComparison.Ordinal);
    }
}
