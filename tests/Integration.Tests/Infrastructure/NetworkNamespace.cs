namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// A network namespace this test run created (<c>ip netns add</c>), with loopback up. Commands run inside it
/// with <c>ip netns exec</c>, which execs the command, so a started process's PID is the command's own.
/// Disposing deletes the namespace; the host namespace and its iptables are never touched.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>Why namespace tests cannot run here (not root, ip or iptables missing); null when they can.</summary>
    public static string? UnavailableReason { get; } = FindUnavailableReason();

    public static async Task<NetworkNamespace> CreateAsync(string prefix)
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        await CheckedAsync("ip", ["netns", "add", name]);
        var created = new NetworkNamespace(name);
        await created.RunCheckedAsync("ip", "link", "set", "lo", "up");
        return created;
    }

    /// <summary>Runs a command inside the namespace to completion.</summary>
    public Task<ProcessResult> RunAsync(params string[] command) =>
        ExternalProcess.RunAsync("ip", ["netns", "exec", Name, .. command], TimeSpan.FromSeconds(60));

    /// <summary>Runs a command inside the namespace; a non-zero exit throws with its output.</summary>
    public async Task<ProcessResult> RunCheckedAsync(params string[] command)
    {
        var result = await RunAsync(command);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"in {Name}: {string.Join(' ', command)} exited {result.ExitCode}: {result.StdOut}{result.StdErr}");
        }

        return result;
    }

    /// <summary>Starts a long-running command inside the namespace, ready once it printed <paramref name="readyLine"/>.</summary>
    public Task<BackgroundProcess> StartAsync(string readyLine, TimeSpan readyTimeout, params string[] command) =>
        BackgroundProcess.StartAsync("ip", ["netns", "exec", Name, .. command], readyLine, readyTimeout);

    public async ValueTask DisposeAsync() => await ExternalProcess.RunAsync("ip", ["netns", "del", Name]);

    internal static async Task CheckedAsync(string program, string[] arguments)
    {
        var result = await ExternalProcess.RunAsync(program, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StdErr}");
        }
    }

    private static string? FindUnavailableReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (Environment.UserName != "root" && !IsRoot())
        {
            return "creating network namespaces and iptables rules needs root";
        }

        foreach (var program in new[] { "ip", "iptables", "iptables-restore", "iptables-save", "setpriv" })
        {
            if (!ExternalProcess.IsOnPath(program))
            {
                return $"'{program}' is not installed (apt-get install iproute2 iptables util-linux)";
            }
        }

        return Probe();
    }

    /// <summary>Root is not always enough (a container without CAP_SYS_ADMIN, a kernel without nat): try once.</summary>
    private static string? Probe()
    {
        var name = "proxy-probe-" + Guid.NewGuid().ToString("N")[..8];
        var add = ExternalProcess.RunAsync("ip", ["netns", "add", name]).GetAwaiter().GetResult();
        if (add.ExitCode != 0)
        {
            return "cannot create network namespaces here: " + add.StdErr.Trim();
        }

        try
        {
            var nat = ExternalProcess.RunAsync("ip", ["netns", "exec", name, "iptables", "-t", "nat", "-S"]).GetAwaiter().GetResult();
            return nat.ExitCode == 0 ? null : "iptables' nat table is not usable in a network namespace here: " + nat.StdErr.Trim();
        }
        finally
        {
            ExternalProcess.RunAsync("ip", ["netns", "del", name]).GetAwaiter().GetResult();
        }
    }

    private static bool IsRoot() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";
}
