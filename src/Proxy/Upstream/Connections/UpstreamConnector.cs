using System.Net;
using System.Net.Sockets;

namespace Proxy.Upstream.Connections;

/// <summary>
/// Opens upstream TCP or Unix-socket connections the way a cluster says: connect_timeout, the
/// upstream_bind_config source address (Istio binds 127.0.0.6 so inbound passthrough bypasses capture),
/// TCP keepalive and TCP_NODELAY. Used by the HTTP connection pools and by tcp_proxy.
/// </summary>
internal static class UpstreamConnector
{
    /// <exception cref="SocketException">Refused, unreachable, or timed out (SocketError.TimedOut).</exception>
    public static async ValueTask<Socket> ConnectAsync(EndPoint target, ConnectSettings settings, CancellationToken cancellationToken)
    {
        var socket = target is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (target is IPEndPoint)
            {
                socket.NoDelay = true;
                if (settings.SourceAddress is { } source && source.AddressFamily == target.AddressFamily)
                {
                    socket.Bind(source);
                }

                if (settings.KeepAliveTime is { } time)
                {
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, time);
                    if (settings.KeepAliveInterval is { } interval)
                    {
                        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, interval);
                    }

                    if (settings.KeepAliveProbes is { } probes)
                    {
                        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, probes);
                    }
                }
            }

            using var timeout = new CancellationTokenSource(settings.ConnectTimeout, settings.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await socket.ConnectAsync(target, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new SocketException((int)SocketError.TimedOut);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
