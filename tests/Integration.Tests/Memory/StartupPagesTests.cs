using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.Memory;

/// <summary>
/// When initialization is done, just before reporting LIVE, the proxy gives back the pages only start-up used
/// (StartupPages): what start-up touched of its own assemblies leaves memory unless PROXY_KEEP_STARTUP_PAGES=1. Each run uses a private copy of the build,
/// so no other process (a parallel test's proxy, the test host) shares those pages and keeps them resident.
/// </summary>
public class StartupPagesTests
{
    private const string Released = "start-up pages given back";

    [Fact]
    public async Task PagesOfItsAssembliesTouchedAtStartLeaveMemoryOnceLive()
    {
        var kept = await ResidentAssemblyKiBAsync(keep: true);
        var released = await ResidentAssemblyKiBAsync(keep: false);

        Assert.True(kept.KiB > 1024, $"start-up left only {kept.KiB} KiB of the assemblies resident");
        Assert.True(released.KiB * 2 < kept.KiB, $"kept {kept.KiB} KiB, released {released.KiB} KiB");
        Assert.DoesNotContain(Released, kept.Output);
        Assert.Contains(Released, released.Output);

        // Before LIVE, the readiness traffic waits for: never under requests.
        var live = released.Output.IndexOf("server is LIVE", StringComparison.Ordinal);
        Assert.InRange(released.Output.IndexOf(Released, StringComparison.Ordinal), 0, live);
    }

    private static async Task<(long KiB, string Output)> ResidentAssemblyKiBAsync(bool keep)
    {
        var copy = Path.Combine(Path.GetTempPath(), "proxy-build-" + Guid.NewGuid().ToString("N")[..12]);
        CopyDirectory(Path.GetDirectoryName(RepoPaths.ProxyDll)!, copy);
        try
        {
            var port = FreePort.Get();
            await using var proxy = await ProxyProcess.StartAsync(
                Bootstraps.Http(port, Bootstraps.CatchAll("backend"), Bootstraps.StaticCluster("backend", ports: FreePort.Get())),
                proxyDll: Path.Combine(copy, "proxy.dll"),
                environment: new Dictionary<string, string> { ["PROXY_KEEP_STARTUP_PAGES"] = keep ? "1" : "0" });

            // The log line may reach us after /ready does; both runs are read at the same point after it.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!keep && !proxy.Output.Contains(Released, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            await Task.Delay(500);
            return (ResidentKiBUnder(proxy.Pid, copy), proxy.Output);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>Sum of the Rss lines of /proc/PID/smaps for mappings of files under <paramref name="directory"/>.</summary>
    private static long ResidentKiBUnder(int pid, string directory)
    {
        long total = 0;
        var inside = false;
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            // A mapping's header starts with its range ("7f00-7f80 r--s ..."); its fields with "Name:".
            var space = line.IndexOf(' ');
            var token = space > 0 ? line.AsSpan(0, space) : line.AsSpan();
            if (token.Contains('-') && !token.ContainsAnyExcept("0123456789abcdef-"))
            {
                inside = line.Contains(directory, StringComparison.Ordinal);
            }
            else if (inside && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                total += long.Parse(line[4..].Trim().Split(' ')[0]);
            }
        }

        return total;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
