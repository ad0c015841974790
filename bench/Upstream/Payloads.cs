using Microsoft.AspNetCore.Http;

namespace Bench.Upstream;

/// <summary>The two bodies the harness asks for, built once.</summary>
public sealed class Payloads
{
    public const int DefaultSmall = 1024;
    public const int Large = 1024 * 1024;

    private readonly byte[] _small;
    private readonly byte[] _large = Fill(Large);

    public Payloads(int small) => _small = Fill(small);

    public async Task Serve(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            // Drain without keeping it: the harness measures response paths, uploads only need to complete.
            await request.Body.CopyToAsync(Stream.Null).ConfigureAwait(false);
        }

        var body = request.Path.StartsWithSegments("/large") ? _large : _small;
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/octet-stream";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body).ConfigureAwait(false);
    }

    private static byte[] Fill(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    }
}
