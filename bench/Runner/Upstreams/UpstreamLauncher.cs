using System.Globalization;
using Bench.Runner.Measure;

namespace Bench.Runner.Upstreams;

/// <summary>
/// Starts the shared upstream: fortio's server when fortio is found (Istio's setup), else nginx serving
/// the payload from files (cheapest on CPU, so the proxy under test gets the most of the 2 cores), else
/// our Kestrel echo server (bench/Upstream).
/// </summary>
public static class UpstreamLauncher
{
    /// <summary>The large scenario's response size (1 MiB).</summary>
    public const int LargeBytes = 1024 * 1024;

    /// <summary>
    /// fortio server's arguments. Its echo handler caps <c>?size=</c> at <c>-maxpayloadsizekb</c> (256 KiB by
    /// default), under the large scenario's 1 MiB, so the cap is raised to the largest body asked for.
    /// </summary>
    public static List<string> FortioServerArguments(int port, int payload) =>
    [
        "server", "-http-port", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "-grpc-port", "disabled", "-redirect-port", "disabled",
        "-maxpayloadsizekb", ((Math.Max(payload, LargeBytes) + 1023) / 1024).ToString(CultureInfo.InvariantCulture), "-loglevel", "Warning",
    ];

    public static async Task<RunningUpstream> StartAsync(BenchContext ctx, CancellationToken cancel)
    {
        var o = ctx.Options;
        var kind = o.Upstream;
        if (kind == "auto")
        {
            kind = Tools.Find(o.Fortio, "fortio") is not null ? "fortio" : Tools.Find(null, "nginx") is not null ? "nginx" : "echo";
        }

        var upstream = kind switch
        {
            "fortio" => StartFortio(ctx),
            "nginx" => StartNginx(ctx),
            _ => StartEcho(ctx),
        };
        var probe = await FirstResponse.WaitAsync(upstream.Http1Port, upstream.SmallPath, h2c: false, upstream.Process, TimeSpan.FromSeconds(30), cancel).ConfigureAwait(false);
        if (probe is null)
        {
            throw new InvalidOperationException($"the {kind} upstream did not answer on 127.0.0.1:{upstream.Http1Port}{upstream.SmallPath} (see work/logs/upstream.log)");
        }

        var h2 = await FirstResponse.WaitAsync(upstream.H2cPort, upstream.SmallPath, h2c: true, upstream.Process, TimeSpan.FromSeconds(10), cancel).ConfigureAwait(false);
        if (h2 is null)
        {
            throw new InvalidOperationException($"the {kind} upstream did not answer h2c on 127.0.0.1:{upstream.H2cPort}");
        }

        return upstream;
    }

    private static RunningUpstream StartFortio(BenchContext ctx)
    {
        var fortio = Tools.Find(ctx.Options.Fortio, "fortio") ?? throw new InvalidOperationException("fortio not found");
        var port = Processes.FreePort.Get();
        var process = ctx.Children.Start("upstream", fortio, FortioServerArguments(port, ctx.Options.Payload));

        // fortio's echo handler returns ?size= bytes; its server speaks h2c on the same port.
        var size = ctx.Options.Payload.ToString(CultureInfo.InvariantCulture);
        return new RunningUpstream("fortio", port, port, "/echo?size=" + size, "/echo?size=" + LargeBytes.ToString(CultureInfo.InvariantCulture), process);
    }

    private static RunningUpstream StartNginx(BenchContext ctx)
    {
        var nginx = Tools.Find(null, "nginx") ?? throw new InvalidOperationException("nginx not found");
        var dir = ctx.NewDirectory("upstream-nginx");
        var www = Path.Combine(dir, "www");
        Directory.CreateDirectory(www);
        File.WriteAllBytes(Path.Combine(www, "small"), Fill(ctx.Options.Payload));
        File.WriteAllBytes(Path.Combine(www, "large"), Fill(LargeBytes));
        var http1 = Processes.FreePort.Get();
        var h2c = Processes.FreePort.Get();
        var conf = Path.Combine(dir, "nginx.conf");
        File.WriteAllText(conf, Targets.NginxConfig.Upstream(dir, www, http1, h2c, Environment.ProcessorCount));
        var process = ctx.Children.Start("upstream", nginx, ["-p", dir, "-c", conf, "-e", "stderr"]);
        return new RunningUpstream("nginx", http1, h2c, "/small", "/large", process);
    }

    private static RunningUpstream StartEcho(BenchContext ctx)
    {
        var dll = ctx.Options.UpstreamDll ?? throw new InvalidOperationException("--upstream-dll is needed for the echo upstream (bench/run passes it)");
        var http1 = Processes.FreePort.Get();
        var h2c = Processes.FreePort.Get();
        var env = new Dictionary<string, string> { ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1" };
        var process = ctx.Children.Start("upstream", "dotnet",
            [dll, "--http1", http1.ToString(CultureInfo.InvariantCulture), "--h2c", h2c.ToString(CultureInfo.InvariantCulture), "--size", ctx.Options.Payload.ToString(CultureInfo.InvariantCulture)], env);
        return new RunningUpstream("echo", http1, h2c, "/small", "/large", process);
    }

    private static byte[] Fill(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    }
}
