using System.Net.Sockets;

namespace Bench.Floor;

/// <summary>
/// Relays one upstream response, as every floor forwarder does: reads its head into the buffer, frames its
/// body by Content-Length (<see cref="HeadScanner"/>), and hands the bytes on as they arrive. The upstream
/// connection goes back to the pool as soon as the response's last byte is read, before that byte is written
/// downstream, as Envoy frees it; on any failure before that it is closed instead.
/// </summary>
public static class ResponseRelay
{
    /// <param name="onHead">Given the head (without its blank line) before any byte is written; null to write the head bytes themselves.</param>
    /// <param name="write">Writes bytes downstream.</param>
    public static async Task RelayAsync(Socket upstream, UpstreamPool pool, byte[] buffer, Action<ReadOnlyMemory<byte>>? onHead, Func<ReadOnlyMemory<byte>, ValueTask> write)
    {
        var pooled = false;
        try
        {
            var got = 0;
            int headLength;
            while ((headLength = HeadScanner.HeadLength(buffer.AsSpan(0, got))) < 0)
            {
                var n = got == buffer.Length ? 0 : await upstream.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new IOException("the upstream closed before a whole response head, or sent one over the buffer");
                }

                got += n;
            }

            var bodyLength = HeadScanner.ResponseBodyLength(buffer.AsSpan(0, headLength));
            var remaining = headLength + bodyLength - got;
            if (bodyLength < 0 || remaining < 0)
            {
                throw new IOException("a response the forwarder cannot frame");
            }

            var chunk = buffer.AsMemory(0, got);
            if (onHead is not null)
            {
                onHead(buffer.AsMemory(0, headLength - 4));
                chunk = chunk[headLength..];
            }

            while (true)
            {
                if (remaining == 0 && !pooled)
                {
                    pool.Return(upstream);
                    pooled = true;
                }

                await write(chunk).ConfigureAwait(false);
                if (remaining == 0)
                {
                    return;
                }

                var n = await upstream.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), SocketFlags.None).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new IOException("the upstream closed in the middle of a response body");
                }

                remaining -= n;
                chunk = buffer.AsMemory(0, n);
            }
        }
        catch when (!pooled)
        {
            upstream.Dispose();
            throw;
        }
    }
}
