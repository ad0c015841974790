using Proxy.Http.Codec.Http2.Hpack;
using static Proxy.Tests.Http.Codec.Http2.Hpack.HpackTestData;

namespace Proxy.Tests.Http.Codec.Http2.Hpack;

public sealed class HpackEncoderTests
{
    [Theory]
    [InlineData(200, 0x88)]
    [InlineData(204, 0x89)]
    [InlineData(206, 0x8A)]
    [InlineData(304, 0x8B)]
    [InlineData(400, 0x8C)]
    [InlineData(404, 0x8D)]
    [InlineData(500, 0x8E)]
    public void A_status_in_the_static_table_is_one_indexed_octet(int status, byte expected)
    {
        var destination = new byte[HpackEncoder.MaxStatusLength];

        Assert.Equal(1, HpackEncoder.EncodeStatus(status, destination));

        Assert.Equal(expected, destination[0]);
        Assert.Equal([(":status", status.ToString(System.Globalization.CultureInfo.InvariantCulture))], Decode(new HpackDecoder(), destination[..1]));
    }

    [Theory]
    [InlineData(302, "08 82 6402")] // Huffman (16 bits, 2 octets) is shorter than the 3 digits: C.6.1's coding
    [InlineData(307, "08 03 333037")] // Huffman is 17 bits, 3 octets: not shorter, so raw
    [InlineData(100, "08 82 0801")]
    [InlineData(999, "08 03 393939")]
    public void Another_status_is_a_literal_without_indexing_on_the_name_of_entry_8(int status, string dump)
    {
        var destination = new byte[HpackEncoder.MaxStatusLength];

        var written = HpackEncoder.EncodeStatus(status, destination);

        Assert.Equal(Hex(dump), destination[..written]);
        var decoder = new HpackDecoder();
        Assert.Equal([(":status", status.ToString(System.Globalization.CultureInfo.InvariantCulture))], Decode(decoder, destination[..written]));
        Assert.Equal(0, decoder.DynamicTable.Count);
    }

    [Fact]
    public void A_status_outside_100_to_999_or_a_short_destination_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HpackEncoder.EncodeStatus(99, new byte[8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => HpackEncoder.EncodeStatus(1000, new byte[8]));
        Assert.Equal(0, HpackEncoder.EncodeStatus(200, []));
        Assert.Equal(0, HpackEncoder.EncodeStatus(307, new byte[4]));
        Assert.Equal(5, HpackEncoder.EncodeStatus(307, new byte[5]));
    }

    [Theory]
    [InlineData(":method", "GET", 0x82)]
    [InlineData("accept-encoding", "gzip, deflate", 0x90)]
    [InlineData("content-type", "", 0x9F)]
    [InlineData("www-authenticate", "", 0xBD)]
    public void A_static_name_and_value_match_is_one_indexed_octet(string name, string value, byte expected)
    {
        var destination = new byte[16];

        Assert.Equal(1, HpackEncoder.EncodeHeader(name, value, destination));

        Assert.Equal(expected, destination[0]);
        Assert.Equal([(name, value)], Decode(new HpackDecoder(), destination[..1]));
    }

    [Fact]
    public void A_static_name_match_is_a_literal_without_indexing_with_the_name_index()
    {
        var destination = new byte[64];

        var written = HpackEncoder.EncodeHeader("content-type", "text/plain", destination);

        // 0000 1111, then 31 - 15 = 16; then the value, Huffman-coded (56 bits: 7 octets < 10).
        Assert.Equal(new byte[] { 0x0F, 0x10, 0x87 }, destination[..3]);
        Assert.Equal(3 + 7, written);
        Assert.Equal([("content-type", "text/plain")], Decode(new HpackDecoder(), destination[..written]));

        written = HpackEncoder.EncodeHeader("age", "60", destination); // index 21; "60" is 11 bits: 2 octets, not shorter
        Assert.Equal(Hex("0f06 02 3630"), destination[..written]);
    }

    [Fact]
    public void A_new_name_is_a_literal_without_indexing_with_both_strings()
    {
        var destination = new byte[64];

        var written = HpackEncoder.EncodeHeader("custom-key", "custom-value", destination);

        // C.4.3's Huffman codings of the same strings, after 0000 0000 instead of 0100 0000.
        Assert.Equal(Hex("00 88 25a8 49e9 5ba9 7d7f 89 25a8 49e9 5bb8 e8b4 bf"), destination[..written]);
        var decoder = new HpackDecoder();
        Assert.Equal([("custom-key", "custom-value")], Decode(decoder, destination[..written]));
        Assert.Equal(0, decoder.DynamicTable.Count);
    }

    [Fact]
    public void A_never_indexed_field_uses_the_0001_pattern_even_when_the_static_table_has_it_whole()
    {
        var destination = new byte[64];

        var written = HpackEncoder.EncodeHeader("authorization", "", destination, neverIndexed: true);
        Assert.Equal(Hex("1f08 00"), destination[..written]); // 0001 1111, 23 - 15 = 8, empty value

        written = HpackEncoder.EncodeHeader("authorization", "Basic dXNlcjpwYXNz", destination, neverIndexed: true);
        Assert.Equal(new byte[] { 0x1F, 0x08 }, destination[..2]);
        Assert.Equal([("authorization", "Basic dXNlcjpwYXNz")], Decode(new HpackDecoder(), destination[..written]));

        written = HpackEncoder.EncodeHeader("x-secret", "s", destination, neverIndexed: true);
        Assert.Equal(Hex("10 86 f2b2 0a4b 0a9f 01 73"), destination[..written]); // new name: 0001 0000; "s" raw
        Assert.Equal([("x-secret", "s")], Decode(new HpackDecoder(), destination[..written]));
    }

    [Fact]
    public void Strings_are_raw_when_Huffman_is_not_shorter()
    {
        var destination = new byte[64];

        // Octets 0xFE and 0xFF have 27- and 26-bit codes: raw, one octet each, Latin-1.
        var written = HpackEncoder.EncodeHeader("x", "\u00fe\u00ff", destination);
        Assert.Equal(Hex("00 01 78 02 feff"), destination[..written]);

        // A char above U+00FF is written as '?'.
        written = HpackEncoder.EncodeHeader("x", "\u20ac\u00ff", destination);
        Assert.Equal([("x", "?\u00ff")], Decode(new HpackDecoder(), destination[..written]));
    }

    [Fact]
    public void Encoded_fields_decode_to_the_same_list_and_stay_within_MaxEncodedLength()
    {
        var random = new Random(7541);
        var decoder = new HpackDecoder(maxHeaderListSize: int.MaxValue);
        (string Name, string Value)[] fixedFields =
        [
            (":status", "200"), ("content-type", "application/json; charset=utf-8"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
            ("set-cookie", new string('c', 5000)), ("x-empty", ""), ("server", "envoy"), ("cache-control", "private"),
            ("x-latin1", "caf\u00e9 \u00ff\u0080"), (new string('n', 200), new string('v', 127)), ("link", "</a>; rel=preload"),
        ];
        for (var round = 0; round < 200; round++)
        {
            var fields = round == 0 ? fixedFields : [.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => (RandomName(random), RandomValue(random)))];
            var block = new List<byte>();
            foreach (var (name, value) in fields)
            {
                var bound = HpackEncoder.MaxEncodedLength(name.Length, value.Length);
                var destination = new byte[bound];
                var written = HpackEncoder.EncodeHeader(name, value, destination, neverIndexed: random.Next(4) == 0);
                Assert.InRange(written, 1, bound);
                block.AddRange(destination[..written]);
            }

            Assert.Equal(fields, Decode(decoder, [.. block]));
            Assert.Equal(0, decoder.DynamicTable.Count);
        }
    }

    [Fact]
    public void Encode_returns_0_for_every_destination_shorter_than_the_field()
    {
        (string Name, string Value)[] fields =
        [
            (":method", "GET"), ("content-type", "text/html"), ("x-custom", "value"), ("x-raw", "\u00fe\u00ff"),
            ("x-long", new string('a', 300)), (new string('n', 130), "v"),
        ];
        foreach (var (name, value) in fields)
        {
            var full = new byte[HpackEncoder.MaxEncodedLength(name.Length, value.Length)];
            var needed = HpackEncoder.EncodeHeader(name, value, full);
            for (var length = 0; length < needed; length++)
            {
                Assert.Equal(0, HpackEncoder.EncodeHeader(name, value, new byte[length]));
            }

            var exact = new byte[needed];
            Assert.Equal(needed, HpackEncoder.EncodeHeader(name, value, exact));
            Assert.Equal(full[..needed], exact);
        }
    }

    private static string RandomName(Random random)
    {
        string[] known = ["content-type", "content-length", "location", "vary", "etag", ":status", "set-cookie", "x-request-id"];
        return random.Next(2) == 0
            ? known[random.Next(known.Length)]
            : string.Create(random.Next(1, 40), random, (chars, r) =>
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = "abcdefghijklmnopqrstuvwxyz0123456789-_"[r.Next(38)];
                }
            });
    }

    private static string RandomValue(Random random) =>
        string.Create(random.Next(0, random.Next(10) == 0 ? 3000 : 60), random, (chars, r) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)(r.Next(3) == 0 ? r.Next(0x20, 0x100) : r.Next(0x20, 0x7F));
            }
        });
}
