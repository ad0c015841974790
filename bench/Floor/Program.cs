using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bench.Floor;

/// <summary>
/// bench-floor --listen PORT --upstream PORT [--transport | --kestrel]: forwards HTTP/1.1 from
/// 127.0.0.1:listen to 127.0.0.1:upstream until killed, socket to socket (<see cref="Forwarder"/>), through
/// Kestrel's socket transport and its pipes (<see cref="TransportForwarder"/>), or through Kestrel's HTTP
/// server and an HttpContext (<see cref="KestrelForwarder"/>), on the transport settings the proxy uses.
/// Socket completions run inline on the socket threads, as in the proxy; the harness sets their count to
/// --concurrency.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (!TryParse(args, out var listen, out var upstream, out var mode))
        {
            await Console.Error.WriteLineAsync("usage: bench-floor --listen PORT --upstream PORT [--transport | --kestrel]").ConfigureAwait(false);
            return 2;
        }

        // Read once, when the first socket is created.
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
        {
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        }

        using var pool = new UpstreamPool(new IPEndPoint(IPAddress.Loopback, upstream));
        var at = new IPEndPoint(IPAddress.Loopback, listen);
        if (mode == "--kestrel")
        {
            using var server = KestrelForwarder.Start(at, pool);
            await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
            return 0;
        }

        using var transport = new TransportForwarder(pool);
        var forwarder = new Forwarder(pool);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(at);
        listener.Listen(1024);
        while (true)
        {
            var accepted = await listener.AcceptAsync().ConfigureAwait(false);
            accepted.NoDelay = true;
            _ = mode == "--transport" ? transport.ServeAsync(accepted) : forwarder.ServeAsync(accepted);
        }
    }

    private static bool TryParse(string[] args, out int listen, out int upstream, out string? mode)
    {
        listen = upstream = 0;
        mode = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--kestrel" or "--transport")
            {
                if (mode is not null)
                {
                    return false;
                }

                mode = args[i];
                continue;
            }

            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return false;
            }

            switch (args[i++])
            {
                case "--listen":
                    listen = port;
                    break;
                case "--upstream":
                    upstream = port;
                    break;
                default:
                    return false;
            }
        }

        return listen != 0 && upstream != 0;
    }
}
