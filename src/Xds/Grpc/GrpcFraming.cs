using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;

namespace Proxy.Xds.Grpc;

/// <summary>
/// gRPC's length-prefixed messages ("gRPC over HTTP2": a compressed flag byte, a 4-byte big-endian length, the
/// message) and the percent-encoding of grpc-message.
/// </summary>
public static class GrpcFraming
{
    public const int HeaderLength = 5;

    /// <summary>The largest message accepted (Envoy's and gRPC's default receive limit is 4 MiB; xDS pushes of a large
    /// mesh exceed it, so the xDS client allows more, as Envoy's max_receive_message_length does when set).</summary>
    public const int MaxMessageLength = 128 * 1024 * 1024;

    public static byte[] Frame(IMessage message)
    {
        var length = message.CalculateSize();
        var frame = new byte[HeaderLength + length];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), length);
        message.WriteTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>Reads one message; null at a clean end of stream. Throws <see cref="GrpcException"/> on a bad frame.</summary>
    public static async ValueTask<byte[]?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderLength];
        var read = await ReadFullyAsync(stream, header, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < HeaderLength)
        {
            throw new GrpcException(new GrpcStatus(GrpcStatus.Internal, "truncated gRPC message header"));
        }

        if (header[0] != 0)
        {
            throw new GrpcException(new GrpcStatus(GrpcStatus.Internal, "compressed gRPC messages are not supported (no grpc-encoding was offered)"));
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        if (length < 0 || length > MaxMessageLength)
        {
            throw new GrpcException(new GrpcStatus(GrpcStatus.ResourceExhausted, $"gRPC message of {length} bytes exceeds the limit of {MaxMessageLength}"));
        }

        var body = new byte[length];
        if (await ReadFullyAsync(stream, body, cancellationToken).ConfigureAwait(false) < length)
        {
            throw new GrpcException(new GrpcStatus(GrpcStatus.Internal, "truncated gRPC message"));
        }

        return body;
    }

    /// <summary>grpc-message is percent-encoded UTF-8 (gRPC over HTTP2, "Responses").</summary>
    public static string DecodeMessage(string? value)
    {
        if (string.IsNullOrEmpty(value) || !value.Contains('%', StringComparison.Ordinal))
        {
            return value ?? string.Empty;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static async ValueTask<int> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
