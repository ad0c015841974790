using System.Net;
using System.Net.Sockets;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// A real TCP upstream on loopback: echoes every byte back, and when the client half-closes it sends
/// <see cref="SuffixOnClose"/> and then half-closes too. Counts accepted connections.
/// </summary>
public sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _accepted;

    private TcpEchoServer(Socket listener, string suffixOnClose)
    {
        _listener = listener;
        SuffixOnClose = suffixOnClose;
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>What the server writes after the client's FIN, before its own FIN.</summary>
    public string SuffixOnClose { get; }

    public static TcpEchoServer Start(string suffixOnClose = "")
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        return new TcpEchoServer(listener, suffixOnClose);
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
            Interlocked.Increment(ref _accepted);
            _ = EchoAsync(client);
        }
    }

    private async Task EchoAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }

                if (SuffixOnClose.Length > 0)
                {
                    await client.SendAsync(System.Text.Encoding.ASCII.GetBytes(SuffixOnClose), SocketFlags.None, _stop.Token);
                }

                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
            }
        }
    }
}
