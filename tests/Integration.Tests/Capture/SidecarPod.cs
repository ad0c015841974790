using System.Text.Json;
using Proxy.Integration.Tests.Infrastructure;
using Xunit;

namespace Proxy.Integration.Tests.Capture;

/// <summary>
/// A pod as Kubernetes and Istio make it, in two network namespaces this fixture creates: "pod" (the
/// application's servers on 8080-8082, the proxy as uid 1337, the init command's iptables rules) and "remote"
/// (servers on 8000-8002 and 9999, IPv4 and IPv6), joined by a veth pair. The init command runs with the
/// injector's flags plus exclusions the tests probe: CIDR 10.250.0.3/32, outbound port 8002, inbound port 8082
/// and uid 2000. Everything is torn down by PID and namespace on dispose; the host namespace is not touched.
/// </summary>
public sealed class SidecarPod : IAsyncLifetime
{
    private readonly List<BackgroundProcess> _processes = [];
    private NetworkNamespace? _pod;
    private NetworkNamespace? _remote;
    private string _directory = "";

    public NetworkNamespace Pod => _pod ?? throw new InvalidOperationException("not set up: " + NetworkNamespace.UnavailableReason);

    public NetworkNamespace Remote => _remote ?? throw new InvalidOperationException("not set up: " + NetworkNamespace.UnavailableReason);

    /// <summary>The passthrough access log the bootstrap writes.</summary>
    public string OutboundLog => Path.Combine(_directory, "outbound.log");

    /// <summary>The init command's flags: Istio's injector defaults plus the exclusions the tests probe.</summary>
    public static string[] InitFlags =>
    [
        "-p", "15001", "-z", "15006", "-u", "1337,2000", "-g", "1337", "-m", "REDIRECT", "-i", "*",
        "-x", SidecarBootstrap.ExcludedIp + "/32", "-b", "*", "-d", "15090,15021,15020,8082", "-o", "8002",
        "--dual-stack", "--dns-servers", "",
    ];

    public async Task InitializeAsync()
    {
        if (NetworkNamespace.UnavailableReason is not null || !OperatingSystem.IsLinux())
        {
            return;
        }

        // 1. Two namespaces joined by a veth pair (eth0 on both sides), IPv4 and IPv6 (nodad: usable at once).
        _pod = await NetworkNamespace.CreateAsync("proxy-pod");
        _remote = await NetworkNamespace.CreateAsync("proxy-remote");
        await Pod.RunCheckedAsync("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", Remote.Name);
        await Pod.RunCheckedAsync("ip", "addr", "add", SidecarBootstrap.PodIp + "/24", "dev", "eth0");
        await Pod.RunCheckedAsync("ip", "-6", "addr", "add", SidecarBootstrap.PodIp6 + "/64", "dev", "eth0", "nodad");
        await Pod.RunCheckedAsync("ip", "link", "set", "eth0", "up");
        await Remote.RunCheckedAsync("ip", "addr", "add", SidecarBootstrap.RemoteIp + "/24", "dev", "eth0");
        await Remote.RunCheckedAsync("ip", "addr", "add", SidecarBootstrap.ExcludedIp + "/24", "dev", "eth0");
        await Remote.RunCheckedAsync("ip", "-6", "addr", "add", SidecarBootstrap.RemoteIp6 + "/64", "dev", "eth0", "nodad");
        await Remote.RunCheckedAsync("ip", "link", "set", "eth0", "up");

        // 2. Servers: the remote services and the pod's application.
        _processes.Add(await Remote.StartAsync("serving", TimeSpan.FromSeconds(30), Python.Interpreter, Python.Script("peer_echo_server.py"),
            "0.0.0.0:8000", "0.0.0.0:8001", "0.0.0.0:8002", "0.0.0.0:9999", "[::]:8001"));
        _processes.Add(await Pod.StartAsync("serving", TimeSpan.FromSeconds(30), Python.Interpreter, Python.Script("peer_echo_server.py"),
            "0.0.0.0:8080", "0.0.0.0:8081", "0.0.0.0:8082"));

        // 3. The init container: the proxy's own iptables command, as root, inside the pod.
        await Pod.RunCheckedAsync(["dotnet", RepoPaths.ProxyDll, "iptables", .. InitFlags]);

        // 4. The sidecar as uid 1337, so its own connections are not captured.
        _directory = Path.Combine(Path.GetTempPath(), "proxy-capture-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_directory);
        File.SetUnixFileMode(_directory, (UnixFileMode)0x1FF); // the proxy runs as uid 1337 and writes its access log here
        var bootstrap = Path.Combine(_directory, "bootstrap.yaml");
        await File.WriteAllTextAsync(bootstrap, SidecarBootstrap.Build().Replace("{DIR}", _directory));
        _processes.Add(await Pod.StartAsync("server is LIVE", TimeSpan.FromSeconds(90),
            "setpriv", "--reuid=1337", "--regid=1337", "--clear-groups", "env", "HOME=/tmp", "DOTNET_CLI_TELEMETRY_OPTOUT=1",
            "dotnet", RepoPaths.ProxyDll, "-c", bootstrap, "--log-level", "info", "--file-flush-interval-msec", "50"));
    }

    /// <summary>curl from the pod's application (root, or another uid), through the pod's iptables rules.</summary>
    public Task<CurlResponse> FromPodAsync(string url, int? uid = null) =>
        Curl.RunAsync(uid is { } id
            ? ["ip", "netns", "exec", Pod.Name, "setpriv", $"--reuid={id}", $"--regid={id}", "--clear-groups"]
            : ["ip", "netns", "exec", Pod.Name], url, TimeSpan.FromSeconds(20), "-g");

    /// <summary>curl from the remote namespace to the pod.</summary>
    public Task<CurlResponse> FromRemoteAsync(string url) =>
        Curl.RunAsync(["ip", "netns", "exec", Remote.Name], url, TimeSpan.FromSeconds(20));

    /// <summary>A counter or gauge from the proxy's admin /stats, read inside the pod (0 when absent).</summary>
    public async Task<long> StatAsync(string name)
    {
        var stats = await Pod.RunCheckedAsync("curl", "-sS", "--max-time", "10", "http://127.0.0.1:15000/stats?filter=" + Uri.EscapeDataString("^" + System.Text.RegularExpressions.Regex.Escape(name) + "$"));
        foreach (var line in stats.StdOut.Split('\n'))
        {
            if (line.StartsWith(name + ": ", StringComparison.Ordinal))
            {
                return long.Parse(line[(name.Length + 2)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>The echo servers' answer: who connected, on which address.</summary>
    public static PeerEcho Echo(CurlResponse response)
    {
        using var json = JsonDocument.Parse(response.Body);
        var root = json.RootElement;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in root.GetProperty("headers").EnumerateObject())
        {
            headers[header.Name] = header.Value.GetString() ?? "";
        }

        return new PeerEcho(root.GetProperty("peer").GetString()!, root.GetProperty("local").GetString()!, headers);
    }

    public async Task DisposeAsync()
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }

        if (_pod is not null)
        {
            await _pod.DisposeAsync();
        }

        if (_remote is not null)
        {
            await _remote.DisposeAsync();
        }

        if (_directory.Length > 0 && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>The proxy's output so far, for failure messages.</summary>
    public string ProxyOutput => _processes.Count > 2 ? _processes[2].Output : "";
}
