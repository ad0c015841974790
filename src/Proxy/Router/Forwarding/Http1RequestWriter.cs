using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Proxy.Router.Forwarding;

/// <summary>
/// Writes an upstream HTTP/1.1 request line and header section straight from the downstream request's headers
/// (after the router's mutations): Host first, then every field <see cref="RequestHeaderCopier.Forwards"/> lets
/// through, one line per value, then the body's framing. A request without a body whose method expects one
/// gets <c>Content-Length: 0</c>, as SocketsHttpHandler sent. Values are written as Latin-1; a CR, LF or NUL
/// in a name or value is refused rather than sent (it would split the request).
/// </summary>
internal static class Http1RequestWriter
{
    /// <summary>Room for the request line's fixed parts and a typical sidecar request's headers.</summary>
    private const int InitialSize = 1024;

    /// <summary>The head in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; the caller returns it.</summary>
    /// <param name="contentLength">The body's length; null with <paramref name="hasBody"/> means chunked.</param>
    /// <exception cref="InvalidOperationException">A header field holds CR, LF or NUL.</exception>
    public static byte[] Write(string method, string target, string authority, IHeaderDictionary headers, bool hasBody, long? contentLength, out int length)
    {
        var connection = headers.Connection;
        var checkNominated = connection.Count > 0 && HopByHopHeaders.NominatesOthers(connection);

        // One pass over the headers: the buffer grows (a bigger rent) in the rare head that outgrows the first.
        var buffer = ArrayPool<byte>.Shared.Rent(InitialSize + target.Length + authority.Length);
        try
        {
            var position = 0;
            Append(ref buffer, ref position, method);
            Append(ref buffer, ref position, " "u8);
            AppendChecked(ref buffer, ref position, target);
            Append(ref buffer, ref position, " HTTP/1.1\r\nHost: "u8);
            AppendChecked(ref buffer, ref position, authority);
            Append(ref buffer, ref position, "\r\n"u8);
            foreach (var header in headers)
            {
                if (!RequestHeaderCopier.Forwards(header.Key, header.Value, connection, checkNominated, keepUpgrade: false))
                {
                    continue;
                }

                foreach (var value in header.Value)
                {
                    AppendChecked(ref buffer, ref position, header.Key);
                    Append(ref buffer, ref position, ": "u8);
                    AppendChecked(ref buffer, ref position, value ?? string.Empty);
                    Append(ref buffer, ref position, "\r\n"u8);
                }
            }

            if (hasBody && contentLength is null)
            {
                Append(ref buffer, ref position, "Transfer-Encoding: chunked\r\n"u8);
            }
            else if (hasBody || ExpectsBody(method))
            {
                Append(ref buffer, ref position, "Content-Length: "u8);
                Ensure(ref buffer, position, 20);
                (hasBody ? contentLength!.Value : 0).TryFormat(buffer.AsSpan(position), out var digits, default, CultureInfo.InvariantCulture);
                position += digits;
                Append(ref buffer, ref position, "\r\n"u8);
            }

            Append(ref buffer, ref position, "\r\n"u8);
            length = position;
            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Methods whose request carries a body by definition (SocketsHttpHandler's MustHaveRequestBody).</summary>
    private static bool ExpectsBody(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsDelete(method)
          || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method) || HttpMethods.IsConnect(method));

    private static void Append(ref byte[] buffer, ref int position, ReadOnlySpan<byte> bytes)
    {
        Ensure(ref buffer, position, bytes.Length);
        bytes.CopyTo(buffer.AsSpan(position));
        position += bytes.Length;
    }

    /// <summary>Latin-1 is one byte per char.</summary>
    private static void Append(ref byte[] buffer, ref int position, string text)
    {
        Ensure(ref buffer, position, text.Length);
        position += Encoding.Latin1.GetBytes(text, buffer.AsSpan(position));
    }

    private static void AppendChecked(ref byte[] buffer, ref int position, string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new InvalidOperationException("a request header holds CR, LF or NUL");
        }

        Append(ref buffer, ref position, text);
    }

    private static void Ensure(ref byte[] buffer, int position, int count)
    {
        if (position + count <= buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, position + count));
        buffer.AsSpan(0, position).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = bigger;
    }
}
