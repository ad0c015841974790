using System.Net;
using System.Net.Sockets;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// One loopback port that serves both HTTP/1.1 and prior-knowledge h2c by relaying each connection to one
/// of two ports after looking at its first bytes (RFC 9113 §3.4: an h2c connection starts with "PRI *").
/// Kestrel cannot do both on one cleartext endpoint; Envoy's use_downstream_protocol needs an upstream that can.
/// </summary>
public sealed class PrefaceSplitter : IAsyncDisposable
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0"u8.ToArray();
    private readonly Socket _listener;
    private readonly int _http1Port;
    private readonly int _http2Port;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private PrefaceSplitter(Socket listener, int http1Port, int http2Port)
    {
        _listener = listener;
        _http1Port = http1Port;
        _http2Port = http2Port;
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public static PrefaceSplitter Start(int http1Port, int http2Port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        return new PrefaceSplitter(listener, http1Port, http2Port);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stop.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        using (var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                // Read until the first bytes decide the protocol (at most the preface's length).
                var first = new byte[Preface.Length];
                var read = 0;
                while (read < first.Length && first.AsSpan(0, read).SequenceEqual(Preface.AsSpan(0, read)))
                {
                    var n = await client.ReceiveAsync(first.AsMemory(read), SocketFlags.None, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    read += n;
                }

                var http2 = read == first.Length && first.AsSpan().SequenceEqual(Preface);
                await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, http2 ? _http2Port : _http1Port), _stop.Token);
                await server.SendAsync(first.AsMemory(0, read), SocketFlags.None, _stop.Token);
                await Task.WhenAll(CopyAsync(client, server), CopyAsync(server, client));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
            }
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
