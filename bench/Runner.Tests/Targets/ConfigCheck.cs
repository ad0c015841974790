using System.Diagnostics;

namespace Bench.Runner.Tests.Targets;

/// <summary>
/// Has the real nginx (-t) and haproxy (-c) check a written config, as bench/run would start them. Both
/// are Debian packages the harness needs anyway (.ci/run installs them); a missing one fails with how to
/// install it rather than passing silently.
/// </summary>
internal static class ConfigCheck
{
    public static void Nginx(string dir, string config)
    {
        var file = Path.Combine(dir, "nginx.conf");
        File.WriteAllText(file, config);
        Run(Tools.Find(null, "nginx"), "nginx", ["-t", "-p", dir, "-c", file, "-e", "stderr"]);
    }

    public static void Haproxy(string dir, string config)
    {
        var file = Path.Combine(dir, "haproxy.cfg");
        File.WriteAllText(file, config);
        Run(Tools.Find(null, "haproxy"), "haproxy", ["-c", "-f", file]);
    }

    private static void Run(string? path, string name, string[] args)
    {
        Assert.True(path is not null, $"{name} is not installed (apt-get install {name})");
        var info = new ProcessStartInfo(path!) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), $"{name} did not finish the config check");
        Assert.True(process.ExitCode == 0, $"{name} rejected the config:\n{output.Result}{stdout}");
    }
}
