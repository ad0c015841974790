using System.Buffers;

namespace Proxy.Router.Forwarding;

/// <summary>
/// Copies bytes both ways between two duplex streams (an upgraded WebSocket connection) until both
/// directions ended or either side failed; then both streams are closed.
/// </summary>
internal static class StreamTunnel
{
    public static async Task<(long Downstream, long Upstream)> RunAsync(Stream downstream, Stream upstream, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var toUpstream = PumpAsync(downstream, upstream, cts);
        var toDownstream = PumpAsync(upstream, downstream, cts);
        var sentUp = await toUpstream.ConfigureAwait(false);
        var sentDown = await toDownstream.ConfigureAwait(false);
        return (sentUp, sentDown);
    }

    private static async Task<long> PumpAsync(Stream from, Stream to, CancellationTokenSource cts)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        long total = 0;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cts.Token).ConfigureAwait(false);
                await to.FlushAsync(cts.Token).ConfigureAwait(false);
                total += read;
            }
        }
        catch (Exception)
        {
            // Either side failing ends the tunnel: cancel the other direction too.
            await cts.CancelAsync().ConfigureAwait(false);
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // A clean end of one direction: the peer will see EOF when the tunnel closes both streams.
        await cts.CancelAsync().ConfigureAwait(false);
        return total;
    }
}
