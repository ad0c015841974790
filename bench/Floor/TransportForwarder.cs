using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bench.Floor;

/// <summary>
/// The floor-transport forwarder: <see cref="Forwarder"/>'s byte relay, but the downstream side is read and
/// written through Kestrel's socket transport (the connection's pipes, from the SocketConnectionContextFactory
/// the proxy's listeners use, with their settings) instead of the socket itself. No HTTP codec, no HttpContext:
/// what it adds to floor is what the transport and its pipes cost.
/// </summary>
public sealed class TransportForwarder : IDisposable
{
    private readonly UpstreamPool _pool;
    private readonly SocketConnectionContextFactory _connections = new(
        new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = true, WaitForDataBeforeAllocatingBuffer = false },
        NullLogger.Instance);

    public TransportForwarder(UpstreamPool pool) => _pool = pool;

    public async Task ServeAsync(Socket socket)
    {
        var connection = _connections.Create(socket);
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var request = new byte[Forwarder.BufferSize];
        var response = new byte[Forwarder.BufferSize];
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                var have = (int)Math.Min(buffer.Length, request.Length);
                buffer.Slice(0, have).CopyTo(request);
                var headLength = HeadScanner.HeadLength(request.AsSpan(0, have));
                if (headLength < 0)
                {
                    if (result.IsCompleted || have == request.Length)
                    {
                        return;
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                var bodyLength = HeadScanner.RequestBodyLength(request.AsSpan(0, headLength));
                if (bodyLength < 0)
                {
                    return;
                }

                var upstream = await _pool.RentAsync().ConfigureAwait(false);
                try
                {
                    var inBuffer = (int)Math.Min(buffer.Length - headLength, bodyLength);
                    await upstream.SendAsync(request.AsMemory(0, Math.Min(have, headLength + inBuffer)), SocketFlags.None).ConfigureAwait(false);
                    var sent = Math.Min(have, headLength + inBuffer);
                    input.AdvanceTo(buffer.GetPosition(sent));
                    var remaining = headLength + bodyLength - sent;
                    while (remaining > 0)
                    {
                        var more = await input.ReadAsync().ConfigureAwait(false);
                        if (more.Buffer.IsEmpty && more.IsCompleted)
                        {
                            throw new IOException("the client closed in the middle of a request body");
                        }

                        var take = (int)Math.Min(Math.Min(more.Buffer.Length, remaining), request.Length);
                        more.Buffer.Slice(0, take).CopyTo(request);
                        await upstream.SendAsync(request.AsMemory(0, take), SocketFlags.None).ConfigureAwait(false);
                        input.AdvanceTo(more.Buffer.GetPosition(take));
                        remaining -= take;
                    }
                }
                catch
                {
                    upstream.Dispose();
                    throw;
                }

                await RelayResponseAsync(upstream, output, response).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ConnectionResetException or ConnectionAbortedException)
        {
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _connections.Dispose();

    /// <summary>Relays one response; <paramref name="upstream"/> goes back to the pool, or is closed on failure.</summary>
    private async Task RelayResponseAsync(Socket upstream, PipeWriter output, byte[] buffer)
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

            while (true)
            {
                if (remaining == 0 && !pooled)
                {
                    _pool.Return(upstream);
                    pooled = true;
                }

                var flush = await output.WriteAsync(buffer.AsMemory(0, got)).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    throw new IOException("the client went away");
                }

                if (remaining == 0)
                {
                    return;
                }

                got = await upstream.ReceiveAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), SocketFlags.None).ConfigureAwait(false);
                if (got == 0)
                {
                    throw new IOException("the upstream closed in the middle of a response body");
                }

                remaining -= got;
            }
        }
        catch when (!pooled)
        {
            upstream.Dispose();
            throw;
        }
    }
}
