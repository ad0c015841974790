using System.Buffers;
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
        try
        {
            await upstream.SendAsync(RequestHead(request), SocketFlags.None).ConfigureAwait(false);
            if (request.ContentLength > 0)
            {
                await using var stream = new NetworkStream(upstream, ownsSocket: false);
                await request.Body.CopyToAsync(stream).ConfigureAwait(false);
            }
        }
        catch
        {
            upstream.Dispose();
            throw;
        }

        var response = context.Response;
        var buffer = ArrayPool<byte>.Shared.Rent(Forwarder.BufferSize);
        try
        {
            await ResponseRelay.RelayAsync(
                upstream,
                _pool,
                buffer,
                head => SetResponse(response, Encoding.Latin1.GetString(head.Span)),
                async chunk => await response.BodyWriter.WriteAsync(chunk).ConfigureAwait(false)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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

    /// <summary>Status and fields from the upstream's head; Kestrel frames the body from Content-Length.</summary>
    private static void SetResponse(HttpResponse response, string head)
    {
        var lines = head.Split("\r\n");
        response.StatusCode = int.Parse(lines[0].AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':');
            var name = lines[i][..colon];
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            response.Headers.Append(name, lines[i][(colon + 1)..].Trim());
        }
    }
}
