using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Bench.Upstream;

/// <summary>
/// bench-upstream --http1 PORT [--h2c PORT] [--size BYTES]: answers every request with 200 and a fixed body
/// from memory, BYTES (default 1 KiB, the payload of Istio's runs) or 1 MiB under /large. Request bodies are read
/// and dropped. Sockets complete inline so that, like the proxy under test, it spends no CPU on thread
/// hops; it is the fallback upstream when fortio's server is not installed.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var http1 = 0;
        var h2c = 0;
        var size = Payloads.DefaultSmall;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--http1": http1 = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--h2c": h2c = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--size": size = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        if (http1 == 0)
        {
            Console.Error.WriteLine("usage: bench-upstream --http1 PORT [--h2c PORT] [--size BYTES]");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxConcurrentConnections = null;
            o.Listen(IPAddress.Loopback, http1, l => l.Protocols = HttpProtocols.Http1);
            if (h2c != 0)
            {
                // Kestrel speaks h2c (prior knowledge) only on an HTTP/2-only endpoint.
                o.Listen(IPAddress.Loopback, h2c, l => l.Protocols = HttpProtocols.Http2);
            }
        });
        var app = builder.Build();
        var payloads = new Payloads(size);
        app.Run(payloads.Serve);
        app.Run();
        return 0;
    }
}
