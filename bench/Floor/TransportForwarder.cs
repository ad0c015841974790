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

                await ResponseRelay.RelayAsync(upstream, _pool, response, onHead: null, chunk => WriteAsync(output, chunk)).ConfigureAwait(false);
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

    private static async ValueTask WriteAsync(PipeWriter output, ReadOnlyMemory<byte> chunk)
    {
        if ((await output.WriteAsync(chunk).ConfigureAwait(false)).IsCompleted)
        {
            throw new IOException("the client went away");
        }
    }
}
