using Proxy.Http.Codec.Http2.Hpack;

namespace Proxy.Tests.Http.Codec.Http2.Hpack;

public sealed class HpackIntegerTests
{
    [Fact]
    public void C_1_1_ten_fits_in_a_5_bit_prefix_and_keeps_the_bits_above_it()
    {
        var buffer = new byte[8];

        Assert.Equal(1, HpackInteger.Encode(10, 5, 0b1010_0000, buffer));

        Assert.Equal(0b1010_1010, buffer[0]);
        Assert.Equal(10, Decode([0b1110_1010], 5, out var consumed));
        Assert.Equal(1, consumed);
    }

    [Fact]
    public void C_1_2_1337_with_a_5_bit_prefix_takes_two_continuation_octets()
    {
        var buffer = new byte[8];

        var written = HpackInteger.Encode(1337, 5, 0, buffer);

        Assert.Equal(new byte[] { 0b0001_1111, 0b1001_1010, 0b0000_1010 }, buffer[..written]);
        Assert.Equal(1337, Decode([0b1111_1111, 0b1001_1010, 0b0000_1010, 0xAB], 5, out var consumed));
        Assert.Equal(3, consumed);
    }

    [Fact]
    public void C_1_3_42_at_an_octet_boundary_is_one_octet()
    {
        var buffer = new byte[8];

        Assert.Equal(1, HpackInteger.Encode(42, 8, 0, buffer));

        Assert.Equal(42, buffer[0]);
        Assert.Equal(42, Decode([42], 8, out _));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(1)]
    [InlineData(8)]
    public void Values_round_trip_across_the_prefix_and_continuation_boundaries(int prefixBits)
    {
        var max = (1 << prefixBits) - 1;
        int[] values = [0, 1, max - 1, max, max + 1, max + 127, max + 128, max + 16383, max + 16384, 1 << 21, 1 << 28, int.MaxValue - 1, int.MaxValue];
        var buffer = new byte[HpackInteger.MaxEncodedLength];
        foreach (var value in values)
        {
            var written = HpackInteger.Encode(value, prefixBits, 0, buffer);

            Assert.Equal(HpackInteger.GetEncodedLength(value, prefixBits), written);
            Assert.Equal(value, Decode(buffer[..written], prefixBits, out var consumed));
            Assert.Equal(written, consumed);
        }
    }

    [Fact]
    public void The_largest_int_takes_the_prefix_octet_and_five_more()
    {
        Assert.Equal(6, HpackInteger.GetEncodedLength(int.MaxValue, 1));
        Assert.Equal(6, HpackInteger.GetEncodedLength(int.MaxValue, 7));
        Assert.Equal(5, HpackInteger.GetEncodedLength((1 << 28) - 1 + 127, 7));
    }

    [Fact]
    public void A_value_past_int_MaxValue_is_refused()
    {
        var encoded = EncodeWide((long)int.MaxValue + 1, 5);

        var error = Assert.Throws<HpackException>(() => Decode(encoded, 5, out _));

        Assert.Contains("31 bits", error.Message);
        Assert.False(error.IsHeaderListTooLarge);
        Assert.Equal(int.MaxValue, Decode(EncodeWide(int.MaxValue, 5), 5, out _));
    }

    [Fact]
    public void A_sixth_continuation_octet_is_refused_even_when_it_only_adds_zeros()
    {
        Assert.Equal(31, Decode([0x1F, 0x80, 0x80, 0x80, 0x80, 0x00], 5, out _));

        var error = Assert.Throws<HpackException>(() => Decode([0x1F, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 5, out _));

        Assert.Contains("continuation", error.Message);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x1F })]
    [InlineData(new byte[] { 0x1F, 0x80 })]
    [InlineData(new byte[] { 0x1F, 0xFF, 0xFF })]
    public void A_source_that_ends_inside_the_integer_is_refused(byte[] source)
    {
        var error = Assert.Throws<HpackException>(() => Decode(source, 5, out _));

        Assert.Contains("ends", error.Message);
    }

    [Fact]
    public void Encode_returns_0_when_the_destination_is_too_small()
    {
        var buffer = new byte[3];

        Assert.Equal(0, HpackInteger.Encode(1337, 5, 0, buffer.AsSpan(0, 2)));
        Assert.Equal(0, HpackInteger.Encode(1, 5, 0, Span<byte>.Empty));
        Assert.Equal(3, HpackInteger.Encode(1337, 5, 0, buffer));
    }

    private static int Decode(byte[] source, int prefixBits, out int consumed)
    {
        var position = 0;
        var value = HpackInteger.Decode(source, ref position, prefixBits);
        consumed = position;
        return value;
    }

    // The same representation for values an int cannot hold, to build encodings the decoder must refuse.
    private static byte[] EncodeWide(long value, int prefixBits)
    {
        var max = (1 << prefixBits) - 1;
        var octets = new List<byte> { (byte)max };
        for (var rest = value - max; ; rest >>= 7)
        {
            octets.Add((byte)(rest >= 0x80 ? (rest & 0x7F) + 0x80 : rest));
            if (rest < 0x80)
            {
                return [.. octets];
            }
        }
    }
}
