using System.Net.Sockets;

namespace Bench.Floor;

/// <summary>
/// Serves one downstream connection: for each request, relays its head and Content-Length body byte for
/// byte to a pooled upstream connection, and the response back, as it arrives. No header is read beyond
/// the framing, none is added or removed. A request or response it cannot frame (chunked, too large a
/// head, no length) closes the downstream connection; the harness never sends one.
/// </summary>
public sealed class Forwarder
{
    /// <summary>Buffer per direction, and so the largest head: Envoy's default header limit is 60 KiB, the harness's heads are under 200 bytes.</summary>
    public const int BufferSize = 16 * 1024;

    private readonly UpstreamPool _pool;

    public Forwarder(UpstreamPool pool) => _pool = pool;

    public async Task ServeAsync(Socket downstream)
    {
        var request = new byte[BufferSize];
        var response = new byte[BufferSize];
        var have = 0;
        try
        {
            while (true)
            {
                int headLength;
                while ((headLength = HeadScanner.HeadLength(request.AsSpan(0, have))) < 0)
                {
                    if (have == request.Length)
                    {
                        return;
                    }

                    var n = await downstream.ReceiveAsync(request.AsMemory(have), SocketFlags.None).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    have += n;
                }

                var bodyLength = HeadScanner.RequestBodyLength(request.AsSpan(0, headLength));
                if (bodyLength < 0)
                {
                    return;
                }

                var upstream = await _pool.RentAsync().ConfigureAwait(false);
                have = await ExchangeAsync(downstream, upstream, request, have, headLength, bodyLength, response).ConfigureAwait(false);
            }
        }
        catch (SocketException)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            downstream.Dispose();
        }
    }

    /// <summary>One request and its response over <paramref name="upstream"/>, which goes back to the pool, or is closed on failure.</summary>
    /// <returns>How many bytes of the next (pipelined) request are left at the start of <paramref name="request"/>.</returns>
    private async ValueTask<int> ExchangeAsync(Socket downstream, Socket upstream, byte[] request, int have, int headLength, long bodyLength, byte[] response)
    {
        try
        {
            have = await SendRequestAsync(downstream, upstream, request, have, headLength, bodyLength).ConfigureAwait(false);
        }
        catch
        {
            upstream.Dispose();
            throw;
        }

        await ResponseRelay.RelayAsync(upstream, _pool, response, onHead: null, async chunk => await downstream.SendAsync(chunk, SocketFlags.None).ConfigureAwait(false)).ConfigureAwait(false);
        return have;
    }

    private static async ValueTask<int> SendRequestAsync(Socket downstream, Socket upstream, byte[] buffer, int have, int headLength, long bodyLength)
    {
        var inBuffer = (int)Math.Min(have - headLength, bodyLength);
        var consumed = headLength + inBuffer;
        await upstream.SendAsync(buffer.AsMemory(0, consumed), SocketFlags.None).ConfigureAwait(false);
        have -= consumed;
        Buffer.BlockCopy(buffer, consumed, buffer, 0, have);

        // The rest of the body; the buffer holds nothing else then (all of it was body).
        var remaining = bodyLength - inBuffer;
        while (remaining > 0)
        {
            var n = await downstream.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), SocketFlags.None).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("the client closed in the middle of a request body");
            }

            await upstream.SendAsync(buffer.AsMemory(0, n), SocketFlags.None).ConfigureAwait(false);
            remaining -= n;
        }

        return have;
    }
}
