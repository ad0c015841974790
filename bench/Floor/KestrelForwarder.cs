using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bench.Floor;

/// <summary>
/// The floor-kestrel forwarder: Kestrel parses each request into an HttpContext and writes the response from
/// it, as in the proxy; in between, the request head is written from the HttpContext's fields (all of them,
/// but Connection) to a pooled upstream connection, and the response's status, fields and Content-Length
/// body are set on the HttpContext from what comes back. No routing, header policy, stats, timers or filters.
/// Requests with a chunked body are answered 501.
/// </summary>
public sealed class KestrelForwarder : IHttpApplication<DefaultHttpContext>
{
    private readonly UpstreamPool _pool;

    public KestrelForwarder(UpstreamPool pool) => _pool = pool;

    /// <summary>A started Kestrel on <paramref name="at"/> (port 0: any) serving <see cref="KestrelForwarder"/>.</summary>
    public static KestrelServer Start(IPEndPoint at, UpstreamPool pool)
    {
        var options = new KestrelServerOptions
        {
            AddServerHeader = false,
            ApplicationServices = new ServiceCollection().BuildServiceProvider(),
        };
        options.Listen(at, o => o.Protocols = HttpProtocols.Http1);
        var transport = new SocketTransportOptions { UnsafePreferInlineScheduling = true, WaitForDataBeforeAllocatingBuffer = false };
        var server = new KestrelServer(Options.Create(options), new SocketTransportFactory(Options.Create(transport), NullLoggerFactory.Instance), NullLoggerFactory.Instance);
        server.StartAsync(new KestrelForwarder(pool), CancellationToken.None).GetAwaiter().GetResult();
        return server;
    }

    public DefaultHttpContext CreateContext(IFeatureCollection contextFeatures) => new(contextFeatures);

    public void DisposeContext(DefaultHttpContext context, Exception? exception)
    {
    }

    public async Task ProcessRequestAsync(DefaultHttpContext context)
    {
        var request = context.Request;
        if (request.Headers.TransferEncoding.Count > 0)
        {
            context.Response.StatusCode = StatusCodes.Status501NotImplemented;
            return;
        }

        var upstream = await _pool.RentAsync().ConfigureAwait(false);
        var pooled = false;
        try
        {
            await upstream.SendAsync(RequestHead(request), SocketFlags.None).ConfigureAwait(false);
            if (request.ContentLength > 0)
            {
                await using var stream = new NetworkStream(upstream, ownsSocket: false);
                await request.Body.CopyToAsync(stream).ConfigureAwait(false);
            }

            var buffer = new byte[Forwarder.BufferSize];
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

            SetResponse(context.Response, Encoding.Latin1.GetString(buffer, 0, headLength - 4), bodyLength);
            var chunk = buffer.AsMemory(headLength, got - headLength);
            while (true)
            {
                if (remaining == 0 && !pooled)
                {
                    _pool.Return(upstream);
                    pooled = true;
                }

                await context.Response.BodyWriter.WriteAsync(chunk).ConfigureAwait(false);
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

    private static byte[] RequestHead(HttpRequest request)
    {
        var head = new StringBuilder(256);
        head.Append(request.Method).Append(' ').Append(request.Path.Value).Append(request.QueryString.Value).Append(" HTTP/1.1\r\n");
        foreach (var (name, values) in request.Headers)
        {
            if (!name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                head.Append(name).Append(": ").Append(values.ToString()).Append("\r\n");
            }
        }

        return Encoding.Latin1.GetBytes(head.Append("\r\n").ToString());
    }

    private static void SetResponse(HttpResponse response, string head, long bodyLength)
    {
        var lines = head.Split("\r\n");
        response.StatusCode = int.Parse(lines[0].AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':');
            var name = lines[i][..colon];
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            response.Headers.Append(name, lines[i][(colon + 1)..].Trim());
        }

        response.ContentLength = bodyLength;
    }
}
