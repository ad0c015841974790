using System.Buffers;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Proxy.Http;
using Proxy.Http.Codec.Http2;
using static Proxy.Tests.Http.Codec.Http2.Http2TestConnection;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>What the <see cref="Http2ServerConnection"/> tests share: the usual application and checks.</summary>
internal static class Http2ServerTestSupport
{
    /// <summary>The application most tests use: a header and "hello".</summary>
    public static readonly Func<RequestContext, Task> Hello = async context =>
    {
        context.Http.Response.Headers["x-handler"] = "yes";
        await context.Http.Response.WriteAsync("hello");
    };

    /// <summary>Reads to the end: the last frame is a connection-level GOAWAY with <paramref name="code"/>, and the server's loop ended.</summary>
    public static async Task<Http2TestFrame> ExpectGoAwayAsync(Http2TestConnection connection, Http2ErrorCode code)
    {
        var frames = await connection.ReadToEndAsync();
        Assert.NotEmpty(frames);
        var goAway = frames[^1];
        Assert.Equal(Http2FrameType.GoAway, goAway.Type);
        Assert.Equal(0, goAway.StreamId);
        Assert.Equal(code, goAway.ErrorCode);
        await connection.WaitForRunAsync();
        return goAway;
    }

    /// <summary>The request body, read to its end; after each read, the total so far goes to <paramref name="progress"/>.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpContext http, ChannelWriter<long>? progress = null)
    {
        var reader = http.Request.BodyReader;
        var body = new MemoryStream();
        while (true)
        {
            var result = await reader.ReadAsync(http.RequestAborted);
            foreach (var segment in result.Buffer)
            {
                body.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            progress?.TryWrite(body.Length);
            if (result.IsCompleted)
            {
                return body.ToArray();
            }
        }
    }

    /// <summary>Waits until the application reports it has read at least <paramref name="total"/> octets.</summary>
    public static async Task WaitForAsync(ChannelReader<long> progress, long total)
    {
        using var timeout = new CancellationTokenSource(WaitTimeout);
        while (await progress.ReadAsync(timeout.Token) < total)
        {
        }
    }

    /// <summary>A padded DATA payload: the pad length octet, the data, then that many zero octets.</summary>
    public static byte[] Padded(byte[] data, int padding) => [(byte)padding, .. data, .. new byte[padding]];
}
