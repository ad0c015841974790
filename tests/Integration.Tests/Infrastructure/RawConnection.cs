using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// A plain TCP client for what curl refuses to send (malformed or half-sent requests) and for byte streams
/// (tcp_proxy): write bytes, read what comes back, see the peer close.
/// </summary>
public sealed class RawConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly MemoryStream _received = new();

    private RawConnection(Socket socket) => _socket = socket;

    public static async Task<RawConnection> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return new RawConnection(socket);
    }

    /// <summary>Everything read so far, as Latin-1 text.</summary>
    public string Received => Encoding.Latin1.GetString(_received.GetBuffer(), 0, (int)_received.Length);

    public async Task SendAsync(string text) => await SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
        }
    }

    /// <summary>Half-close: no more bytes from us (FIN), the other direction stays open.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads until <paramref name="done"/> holds for the received text, or the peer closes, or the timeout.</summary>
    /// <returns>True when the peer closed the connection (read returned 0 or the connection was reset).</returns>
    public async Task<bool> ReadUntilAsync(Func<string, bool> done, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var buffer = new byte[64 * 1024];
        while (!done(Received))
        {
            int read;
            try
            {
                read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (SocketException)
            {
                return true;
            }

            if (read == 0)
            {
                return true;
            }

            _received.Write(buffer, 0, read);
        }

        return false;
    }

    /// <summary>Reads until the peer closes; true when it did within the timeout.</summary>
    public Task<bool> ReadToEndAsync(TimeSpan? timeout = null) => ReadUntilAsync(_ => false, timeout);

    /// <summary>Reads one HTTP/1.1 response: headers, then its Content-Length or chunked body (or until close).</summary>
    public async Task<string> ReadResponseAsync(TimeSpan? timeout = null)
    {
        await ReadUntilAsync(IsCompleteResponse, timeout);
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _received.DisposeAsync();
    }

    /// <summary>
    /// Whether <paramref name="text"/> starts with one whole response: a head, then as many body bytes as its
    /// Content-Length, or a chunked body up to its last chunk (without trailers).
    /// </summary>
    public static bool IsCompleteResponse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        foreach (var line in text[..end].Split("\r\n"))
        {
            if (line.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
            {
                return text.Length - end - 4 >= int.Parse(line[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (line.StartsWith("transfer-encoding:", StringComparison.OrdinalIgnoreCase) && line.EndsWith("chunked", StringComparison.OrdinalIgnoreCase))
            {
                return text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
            }
        }

        return false;
    }
}
