using System.Buffers.Binary;
using Google.Protobuf;

namespace Proxy.Xds.Json;

/// <summary>
/// Splits a serialized message into its field occurrences (https://protobuf.dev/programming-guides/encoding/),
/// slicing length-delimited contents without copying. Groups (deprecated, unused by Envoy) are skipped.
/// </summary>
public static class WireReader
{
    /// <exception cref="InvalidDataException">Truncated or malformed input.</exception>
    public static List<WireField> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<WireField>();
        var span = message.Span;
        var pos = 0;
        while (pos < span.Length)
        {
            var tag = ReadVarint(span, ref pos);
            var number = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            if (number <= 0)
            {
                throw new InvalidDataException($"invalid field number {number}");
            }

            switch (wireType)
            {
                case ProtoWriter.Varint:
                    fields.Add(new WireField(number, wireType, ReadVarint(span, ref pos), default));
                    break;
                case ProtoWriter.Fixed64:
                    Need(span, pos, 8);
                    fields.Add(new WireField(number, wireType, BinaryPrimitives.ReadUInt64LittleEndian(span[pos..]), default));
                    pos += 8;
                    break;
                case ProtoWriter.Fixed32:
                    Need(span, pos, 4);
                    fields.Add(new WireField(number, wireType, BinaryPrimitives.ReadUInt32LittleEndian(span[pos..]), default));
                    pos += 4;
                    break;
                case ProtoWriter.LengthDelimited:
                    var length = ReadLength(span, ref pos);
                    fields.Add(new WireField(number, wireType, 0, message.Slice(pos, length)));
                    pos += length;
                    break;
                case 3:
                    SkipGroup(span, ref pos, number);
                    break;
                default:
                    throw new InvalidDataException($"invalid wire type {wireType} for field {number}");
            }
        }

        return fields;
    }

    /// <summary>The elements of a packed repeated scalar field of <paramref name="wireType"/> (varint or fixed).</summary>
    public static void ReadPacked(ReadOnlySpan<byte> span, int wireType, List<ulong> into)
    {
        var pos = 0;
        while (pos < span.Length)
        {
            switch (wireType)
            {
                case ProtoWriter.Fixed64:
                    Need(span, pos, 8);
                    into.Add(BinaryPrimitives.ReadUInt64LittleEndian(span[pos..]));
                    pos += 8;
                    break;
                case ProtoWriter.Fixed32:
                    Need(span, pos, 4);
                    into.Add(BinaryPrimitives.ReadUInt32LittleEndian(span[pos..]));
                    pos += 4;
                    break;
                default:
                    into.Add(ReadVarint(span, ref pos));
                    break;
            }
        }
    }

    public static ulong ReadVarint(ReadOnlySpan<byte> span, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            Need(span, pos, 1);
            var b = span[pos++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("malformed varint");
    }

    private static int ReadLength(ReadOnlySpan<byte> span, ref int pos)
    {
        var length = ReadVarint(span, ref pos);
        if (length > (ulong)(span.Length - pos))
        {
            throw new InvalidDataException("truncated length-delimited field");
        }

        return (int)length;
    }

    private static void SkipGroup(ReadOnlySpan<byte> span, ref int pos, int number)
    {
        while (true)
        {
            var tag = ReadVarint(span, ref pos);
            var wireType = (int)(tag & 7);
            switch (wireType)
            {
                case 4 when (int)(tag >> 3) == number:
                    return;
                case ProtoWriter.Varint:
                    ReadVarint(span, ref pos);
                    break;
                case ProtoWriter.Fixed64:
                    Need(span, pos, 8);
                    pos += 8;
                    break;
                case ProtoWriter.Fixed32:
                    Need(span, pos, 4);
                    pos += 4;
                    break;
                case ProtoWriter.LengthDelimited:
                    pos += ReadLength(span, ref pos);
                    break;
                case 3:
                    SkipGroup(span, ref pos, (int)(tag >> 3));
                    break;
                default:
                    throw new InvalidDataException($"invalid wire type {wireType} in group {number}");
            }
        }
    }

    private static void Need(ReadOnlySpan<byte> span, int pos, int count)
    {
        if (pos + count > span.Length)
        {
            throw new InvalidDataException("truncated message");
        }
    }
}
