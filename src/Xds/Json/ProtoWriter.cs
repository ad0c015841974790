using System.Buffers.Binary;
using System.Text;

namespace Proxy.Xds.Json;

/// <summary>
/// The protobuf binary wire format (https://protobuf.dev/programming-guides/encoding/) into one growable
/// buffer. A length-delimited field reserves the longest length varint (5 bytes), is written in place, then
/// its length is filled in and the content moved back over the unused reserve: no buffer per nested message.
/// </summary>
internal sealed class ProtoWriter
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private const int LengthReserve = 5;

    private byte[] _buffer = new byte[256];
    private int _length;

    public int Length => _length;

    /// <summary>Forgets everything written after <paramref name="length"/>.</summary>
    public void Truncate(int length) => _length = length;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void Tag(int fieldNumber, int wireType) => WriteVarint(((ulong)(uint)fieldNumber << 3) | (uint)wireType);

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    public void WriteFixed32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteFixed64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>A length-prefixed string (UTF-8).</summary>
    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarint((uint)count);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>Length-prefixed bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteVarint((uint)value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>Writes the tag of a length-delimited field and reserves its length; returns the marker for <see cref="End"/>.</summary>
    public Marker Begin(int fieldNumber)
    {
        var tagStart = _length;
        Tag(fieldNumber, LengthDelimited);
        Ensure(LengthReserve);
        _length += LengthReserve;
        return new Marker(tagStart, _length);
    }

    /// <summary>
    /// Closes a field opened by <see cref="Begin"/>. With <paramref name="dropIfEmpty"/> an empty value removes
    /// the field entirely (a bytes/string default value is not serialized in proto3).
    /// </summary>
    public void End(Marker marker, bool dropIfEmpty = false)
    {
        var contentLength = _length - marker.ContentStart;
        if (contentLength == 0 && dropIfEmpty)
        {
            _length = marker.TagStart;
            return;
        }

        Span<byte> prefix = stackalloc byte[LengthReserve];
        var prefixLength = 0;
        var value = (uint)contentLength;
        while (value >= 0x80)
        {
            prefix[prefixLength++] = (byte)(value | 0x80);
            value >>= 7;
        }

        prefix[prefixLength++] = (byte)value;
        var lengthStart = marker.ContentStart - LengthReserve;
        var shift = LengthReserve - prefixLength;
        if (shift > 0)
        {
            _buffer.AsSpan(marker.ContentStart, contentLength).CopyTo(_buffer.AsSpan(lengthStart + prefixLength));
            _length -= shift;
        }

        prefix[..prefixLength].CopyTo(_buffer.AsSpan(lengthStart));
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }

    /// <summary>Where a length-delimited field started (its tag) and where its content starts.</summary>
    public readonly record struct Marker(int TagStart, int ContentStart);
}
