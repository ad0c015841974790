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
    /// <summary>The head in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; the caller returns it.</summary>
    /// <param name="contentLength">The body's length; null with <paramref name="hasBody"/> means chunked.</param>
    /// <exception cref="InvalidOperationException">A header field holds CR, LF or NUL.</exception>
    public static byte[] Write(string method, string target, string authority, IHeaderDictionary headers, bool hasBody, long? contentLength, out int length)
    {
        var connection = headers.Connection;
        var checkNominated = connection.Count > 0 && HopByHopHeaders.NominatesOthers(connection);

        // Latin-1 is one byte per char, so the size is known before writing.
        var size = method.Length + 1 + target.Length + 11 + 6 + authority.Length + 2 + 2 + 40;
        foreach (var header in headers)
        {
            if (RequestHeaderCopier.Forwards(header.Key, header.Value, connection, checkNominated, keepUpgrade: false))
            {
                foreach (var value in header.Value)
                {
                    size += header.Key.Length + 4 + (value?.Length ?? 0);
                }
            }
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var position = 0;
            Append(buffer, ref position, method);
            buffer[position++] = (byte)' ';
            AppendChecked(buffer, ref position, target);
            Append(buffer, ref position, " HTTP/1.1\r\nHost: "u8);
            AppendChecked(buffer, ref position, authority);
            Append(buffer, ref position, "\r\n"u8);
            foreach (var header in headers)
            {
                if (!RequestHeaderCopier.Forwards(header.Key, header.Value, connection, checkNominated, keepUpgrade: false))
                {
                    continue;
                }

                foreach (var value in header.Value)
                {
                    AppendChecked(buffer, ref position, header.Key);
                    Append(buffer, ref position, ": "u8);
                    AppendChecked(buffer, ref position, value ?? string.Empty);
                    Append(buffer, ref position, "\r\n"u8);
                }
            }

            if (hasBody && contentLength is null)
            {
                Append(buffer, ref position, "Transfer-Encoding: chunked\r\n"u8);
            }
            else if (hasBody || ExpectsBody(method))
            {
                Append(buffer, ref position, "Content-Length: "u8);
                (hasBody ? contentLength!.Value : 0).TryFormat(buffer.AsSpan(position), out var digits, default, CultureInfo.InvariantCulture);
                position += digits;
                Append(buffer, ref position, "\r\n"u8);
            }

            Append(buffer, ref position, "\r\n"u8);
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

    private static void Append(byte[] buffer, ref int position, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.AsSpan(position));
        position += bytes.Length;
    }

    private static void Append(byte[] buffer, ref int position, string text) =>
        position += Encoding.Latin1.GetBytes(text, buffer.AsSpan(position));

    private static void AppendChecked(byte[] buffer, ref int position, string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new InvalidOperationException("a request header holds CR, LF or NUL");
        }

        Append(buffer, ref position, text);
    }
}
