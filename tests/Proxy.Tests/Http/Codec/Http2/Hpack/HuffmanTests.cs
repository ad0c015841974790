using System.Text;
using Proxy.Http.Codec.Http2.Hpack;
using static Proxy.Tests.Http.Codec.Http2.Hpack.HpackTestData;

namespace Proxy.Tests.Http.Codec.Http2.Hpack;

public sealed class HuffmanTests
{
    [Fact]
    public void EOS_is_30_ones_and_spot_checked_codes_are_the_RFCs()
    {
        Assert.Equal(257, HuffmanCode.SymbolCount);
        Assert.Equal(0x3FFFFFFFu, HuffmanCode.Code(HuffmanCode.Eos));
        Assert.Equal(30, HuffmanCode.Length(HuffmanCode.Eos));

        // RFC 7541 Appendix B, including its worked example: '/' (47) is 011000, 0x18 on 6 bits.
        (int Symbol, uint Code, int Length)[] rows =
        [
            (0, 0x1ff8, 13), (10, 0x3ffffffc, 30), ('/', 0x18, 6), ('0', 0x0, 5), ('a', 0x3, 5), (' ', 0x14, 6),
            ('\\', 0x7fff0, 19), ('~', 0x1ffd, 13), (127, 0xffffffc, 28), (128, 0xfffe6, 20), (255, 0x3ffffee, 26),
        ];
        foreach (var (symbol, code, length) in rows)
        {
            Assert.Equal((code, length), (HuffmanCode.Code(symbol), HuffmanCode.Length(symbol)));
        }
    }

    [Fact]
    public void The_table_is_the_canonical_code_of_its_lengths()
    {
        // Canonical: ordered by (length, symbol), each code is the previous plus one, shifted to its length.
        var order = Enumerable.Range(0, HuffmanCode.SymbolCount).OrderBy(HuffmanCode.Length).ThenBy(s => s).ToArray();
        uint expected = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (i > 0)
            {
                expected = (expected + 1) << (HuffmanCode.Length(order[i]) - HuffmanCode.Length(order[i - 1]));
            }

            Assert.True(expected == HuffmanCode.Code(order[i]), $"symbol {order[i]}: 0x{HuffmanCode.Code(order[i]):x}, canonical 0x{expected:x}");
        }

        Assert.Equal(0x3FFFFFFFu, expected); // the last code is all ones: the code is complete
    }

    [Fact]
    public void The_code_is_prefix_free_and_complete()
    {
        long kraft = 0; // sum of 2^(30 - length): exactly 2^30 when every bit string starts a code
        for (var a = 0; a < HuffmanCode.SymbolCount; a++)
        {
            Assert.InRange(HuffmanCode.Length(a), HuffmanCode.MinLength, HuffmanCode.MaxLength);
            Assert.True(HuffmanCode.Code(a) < 1u << HuffmanCode.Length(a), $"symbol {a}'s code is longer than its length");
            kraft += 1L << (HuffmanCode.MaxLength - HuffmanCode.Length(a));
            for (var b = 0; b < HuffmanCode.SymbolCount; b++)
            {
                var shift = HuffmanCode.Length(b) - HuffmanCode.Length(a);
                if (a != b && shift >= 0)
                {
                    Assert.False(HuffmanCode.Code(b) >> shift == HuffmanCode.Code(a), $"symbol {a}'s code is a prefix of symbol {b}'s");
                }
            }
        }

        Assert.Equal(1L << HuffmanCode.MaxLength, kraft);
    }

    [Fact]
    public void All_256_octets_round_trip_together_and_one_by_one()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var reversed = all.AsEnumerable().Reverse().ToArray();
        Assert.Equal(all, RoundTrip(all));
        Assert.Equal(reversed, RoundTrip(reversed));
        foreach (var octet in all)
        {
            Assert.Equal(new[] { octet }, RoundTrip([octet]));
            Assert.Equal(new[] { octet, octet, octet }, RoundTrip([octet, octet, octet]));
        }
    }

    [Fact]
    public void Random_strings_round_trip()
    {
        var random = new Random(7541);
        for (var i = 0; i < 2000; i++)
        {
            var source = new byte[random.Next(0, 300)];
            if (i % 2 == 0)
            {
                random.NextBytes(source);
            }
            else
            {
                // Mostly header text: the short codes.
                for (var j = 0; j < source.Length; j++)
                {
                    source[j] = (byte)random.Next(0x20, 0x7F);
                }
            }

            Assert.Equal(source, RoundTrip(source));
        }
    }

    [Theory]
    [InlineData("www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff")]
    [InlineData("no-cache", "a8eb 1064 9cbf")]
    [InlineData("custom-key", "25a8 49e9 5ba9 7d7f")]
    [InlineData("custom-value", "25a8 49e9 5bb8 e8b4 bf")]
    [InlineData("302", "6402")]
    [InlineData("307", "640e ff")]
    [InlineData("private", "aec3 771a 4b")]
    [InlineData("Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff")]
    [InlineData("Mon, 21 Oct 2013 20:13:22 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff")]
    [InlineData("https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3")]
    [InlineData("gzip", "9bd9 ab")]
    [InlineData("foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1", "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07")]
    public void Appendix_C_strings_encode_to_the_RFCs_octets_and_back(string text, string dump)
    {
        var expected = Hex(dump);
        var octets = Encoding.ASCII.GetBytes(text);
        var destination = new byte[expected.Length];

        Assert.Equal(expected.Length, Huffman.GetEncodedLength(octets));
        Assert.Equal(expected.Length, Huffman.GetEncodedLength(text));
        Assert.Equal(expected.Length, Huffman.Encode(octets, destination));
        Assert.Equal(expected, destination);
        Assert.Equal(expected.Length, Huffman.Encode(text, destination));
        Assert.Equal(expected, destination);

        var decoded = new byte[Huffman.GetMaxDecodedLength(expected.Length)];
        var length = Huffman.Decode(expected, decoded);
        Assert.Equal(text, Encoding.ASCII.GetString(decoded, 0, length));
    }

    [Fact]
    public void Text_is_taken_as_Latin1_with_question_marks_above_U_00FF()
    {
        var expected = new byte[8];
        var written = Huffman.Encode([0xE9, (byte)'?', (byte)'x'], expected);
        var actual = new byte[8];

        Assert.Equal(written, Huffman.Encode("\u00e9\u20acx", actual));
        Assert.Equal(expected, actual);
        Assert.Equal(written, Huffman.GetEncodedLength("\u00e9\u20acx"));
    }

    [Fact]
    public void Padding_of_up_to_7_ones_is_accepted_and_the_empty_string_decodes_to_nothing()
    {
        // Symbol 199 is 25 bits: 7 bits of padding complete its fourth octet.
        var encoded = new byte[4];
        Assert.Equal(4, Huffman.Encode([199], encoded));
        Assert.Equal(new byte[] { 199 }, Decode(encoded));
        Assert.Empty(Decode([]));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })] // 8 bits of padding alone
    [InlineData(new byte[] { 0x1F, 0xFF })] // 'a' (00011), then 11 ones
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF })] // 24 ones: a prefix of EOS, too long for padding
    public void Padding_longer_than_7_bits_is_refused(byte[] source)
    {
        var error = Assert.Throws<HpackException>(() => Decode(source));

        Assert.Contains("more than 7 bits", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x18 })] // 'a' (00011), then 000
    [InlineData(new byte[] { 0x1E })] // 'a' (00011), then 110
    [InlineData(new byte[] { 0xFE })] // 1111111 0: no code, and not padding
    public void Padding_that_is_not_all_ones_is_refused(byte[] source)
    {
        var error = Assert.Throws<HpackException>(() => Decode(source));

        Assert.Contains("not all ones", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFC, 0x1F })] // EOS (30 ones), '0' (00000), 5 ones of padding
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF })] // EOS, then 2 ones of padding
    public void EOS_inside_a_string_is_refused(byte[] source)
    {
        var error = Assert.Throws<HpackException>(() => Decode(source));

        Assert.Contains("EOS", error.Message);
    }

    [Fact]
    public void The_decoded_length_bound_holds_for_the_shortest_codes()
    {
        // Eight '0's are eight 5-bit codes: 40 bits, 5 octets, and the bound is exactly 8.
        var zeros = "00000000"u8.ToArray();
        var encoded = new byte[Huffman.GetEncodedLength(zeros)];
        Huffman.Encode(zeros, encoded);

        Assert.Equal(5, encoded.Length);
        Assert.Equal(8, Huffman.GetMaxDecodedLength(encoded.Length));
        Assert.Equal(zeros, Decode(encoded));
    }

    private static byte[] RoundTrip(byte[] source)
    {
        var encoded = new byte[Huffman.GetEncodedLength(source)];
        Assert.Equal(encoded.Length, Huffman.Encode(source, encoded));
        return Decode(encoded);
    }

    private static byte[] Decode(byte[] encoded)
    {
        var decoded = new byte[Huffman.GetMaxDecodedLength(encoded.Length)];
        var length = Huffman.Decode(encoded, decoded);
        return decoded[..length];
    }
}
