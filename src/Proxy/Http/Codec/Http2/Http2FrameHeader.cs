using System.Buffers;
using System.Buffers.Binary;

namespace Proxy.Http.Codec.Http2;

/// <summary>The nine octets before every frame's payload (RFC 9113 §4.1).</summary>
internal readonly record struct Http2FrameHeader(int Length, Http2FrameType Type, Http2FrameFlags Flags, int StreamId)
{
    public const int Size = 9;

    public bool Has(Http2FrameFlags flag) => (Flags & flag) != 0;

    /// <summary>Reads a header from the start of <paramref name="buffer"/>; false when fewer than nine octets are there.</summary>
    public static bool TryRead(in ReadOnlySequence<byte> buffer, out Http2FrameHeader header)
    {
        if (buffer.Length < Size)
        {
            header = default;
            return false;
        }

        Span<byte> octets = stackalloc byte[Size];
        buffer.Slice(0, Size).CopyTo(octets);
        header = Read(octets);
        return true;
    }

    public static Http2FrameHeader Read(ReadOnlySpan<byte> octets) => new(
        (octets[0] << 16) | (octets[1] << 8) | octets[2],
        (Http2FrameType)octets[3],
        (Http2FrameFlags)octets[4],
        // The reserved bit is ignored on receipt (§4.1).
        (int)(BinaryPrimitives.ReadUInt32BigEndian(octets[5..]) & 0x7fffffffu));

    public static void Write(Span<byte> destination, int length, Http2FrameType type, Http2FrameFlags flags, int streamId)
    {
        destination[0] = (byte)(length >> 16);
        destination[1] = (byte)(length >> 8);
        destination[2] = (byte)length;
        destination[3] = (byte)type;
        destination[4] = (byte)flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], (uint)streamId);
    }
}
