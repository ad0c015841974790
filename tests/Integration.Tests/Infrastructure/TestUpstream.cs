using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Proxy.Integration.Tests.Infrastructure;

/// <summary>
/// A real HTTP upstream on loopback (Kestrel): HTTP/1.1 on <see cref="Port"/>, h2c (prior knowledge) on
/// <see cref="H2Port"/>, optionally a Unix socket. Every request is recorded. Endpoints:
/// <c>/echo</c> (JSON of what arrived), <c>/status/N</c>, <c>/delay/MS</c>, <c>/bytes/N</c> (N bytes,
/// streamed), <c>/upload</c> (counts the body), <c>/trailers</c>, <c>/ws</c> (WebSocket echo);
/// anything else answers 200 with the upstream's <see cref="Name"/>.
/// </summary>
public sealed class TestUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestUpstream(WebApplication app, string name, int port, int h2Port, string? socketPath)
    {
        _app = app;
        Name = name;
        Port = port;
        H2Port = h2Port;
        SocketPath = socketPath;
    }

    public string Name { get; }

    public int Port { get; }

    public int H2Port { get; }

    public string? SocketPath { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<TestUpstream> StartAsync(string name = "upstream", string? unixSocketPath = null)
    {
        var port = FreePort.Get();
        var h2Port = FreePort.Get();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Limits.MaxRequestBodySize = null;
            options.Limits.MinRequestBodyDataRate = null;
            options.AllowSynchronousIO = false;
            options.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http1);
            options.Listen(IPAddress.Loopback, h2Port, o => o.Protocols = HttpProtocols.Http2);
            if (unixSocketPath is not null)
            {
                options.ListenUnixSocket(unixSocketPath, o => o.Protocols = HttpProtocols.Http1);
            }
        });
        var app = builder.Build();
        var upstream = new TestUpstream(app, name, port, h2Port, unixSocketPath);
        app.UseWebSockets();
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var path = request.Path.Value ?? "/";
        long bodyBytes = 0;
        if (!path.StartsWith("/ws", StringComparison.Ordinal) && !path.StartsWith("/hold", StringComparison.Ordinal))
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0)
            {
                bodyBytes += read;
            }
        }

        Requests.Enqueue(new RecordedRequest(request.Method, raw, request.Protocol, headers, bodyBytes));
        http.Response.Headers["x-upstream"] = Name;

        // Kestrel keeps %2F escaped in Path: "/echo%2Fx" is still the echo endpoint.
        if (path == "/echo" || path.StartsWith("/echo/", StringComparison.Ordinal) || path.StartsWith("/echo%", StringComparison.Ordinal))
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                method = request.Method,
                path = raw,
                protocol = request.Protocol,
                headers,
                bodyBytes,
                upstream = Name,
            }));
        }
        else if (path.StartsWith("/status/", StringComparison.Ordinal) && int.TryParse(path[8..], out var status))
        {
            http.Response.StatusCode = status;
            await http.Response.WriteAsync("status " + status);
        }
        else if (path.StartsWith("/delay/", StringComparison.Ordinal) && int.TryParse(path[7..], out var delay))
        {
            try
            {
                await Task.Delay(delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await http.Response.WriteAsync("delayed " + delay);
        }
        else if (path.StartsWith("/bytes/", StringComparison.Ordinal) && long.TryParse(path[7..], out var count))
        {
            http.Response.ContentLength = count;
            var chunk = new byte[Math.Min(count, 64 * 1024)];
            Array.Fill(chunk, (byte)'x');
            for (var sent = 0L; sent < count; sent += chunk.Length)
            {
                await http.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, count - sent)));
            }
        }
        else if (path == "/upload")
        {
            await http.Response.WriteAsync("received " + bodyBytes);
        }
        else if (path == "/trailers")
        {
            http.Response.DeclareTrailer("x-checksum");
            await http.Response.WriteAsync("body with trailers");
            http.Response.AppendTrailer("x-checksum", "abc123");
        }
        else if (path == "/ws" && http.WebSockets.IsWebSocketRequest)
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }

                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
            }
        }
        else
        {
            await http.Response.WriteAsync(Name);
        }
    }
}
