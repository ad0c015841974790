using System.Text;
using Proxy.Http.Codec.Http2.Hpack;
using static Proxy.Tests.Http.Codec.Http2.Hpack.HpackTestData;

namespace Proxy.Tests.Http.Codec.Http2.Hpack;

public sealed class HpackDecoderTests
{
    // Three literals with incremental indexing: n1: v1, n2: v2, n3: v3 (36 octets each as RFC 9113 §6.5.2 counts).
    private const string ThreeIndexedLiterals = "4002 6e31 0276 31 4002 6e32 0276 32 4002 6e33 0276 33";

    [Fact]
    public void Index_0_is_refused()
    {
        var error = Assert.Throws<HpackException>(() => Decode(new HpackDecoder(), Hex("80")));

        Assert.Contains("Index 0", error.Message);
        Assert.False(error.IsHeaderListTooLarge);
    }

    [Fact]
    public void An_index_past_the_dynamic_table_is_refused()
    {
        var decoder = new HpackDecoder();
        Assert.Contains("past", Assert.Throws<HpackException>(() => Decode(decoder, Hex("be"))).Message);

        Decode(decoder, Hex("4002 6e31 0276 31"));

        Assert.Equal([("n1", "v1")], Decode(decoder, Hex("be")));
        Assert.Contains("past", Assert.Throws<HpackException>(() => Decode(decoder, Hex("bf"))).Message);
    }

    [Theory]
    [InlineData("7e 0161")] // literal with indexing, name index 62
    [InlineData("0f2f 0161")] // literal without indexing, name index 15 + 47 = 62
    [InlineData("1f2f 0161")] // literal never indexed, name index 62
    public void A_literal_naming_an_entry_past_the_tables_is_refused(string dump)
    {
        var error = Assert.Throws<HpackException>(() => Decode(new HpackDecoder(), Hex(dump)));

        Assert.Contains("past", error.Message);
    }

    [Fact]
    public void Size_updates_at_the_start_of_a_block_apply_in_order_up_to_the_advertised_size()
    {
        var decoder = new HpackDecoder(maxTableSize: 256);
        Decode(decoder, Hex(ThreeIndexedLiterals));
        Assert.Equal(3, decoder.DynamicTable.Count);

        // To 0 (the table empties), then back to 256, then a field.
        Assert.Equal([(":method", "GET")], Decode(decoder, [.. SizeUpdate(0), .. SizeUpdate(256), 0x82]));

        Assert.Equal(0, decoder.DynamicTable.Count);
        Assert.Equal(256, decoder.DynamicTable.MaxSize);
        Assert.Throws<HpackException>(() => Decode(decoder, Hex("be")));

        // A smaller size evicts the oldest entries.
        Decode(decoder, Hex(ThreeIndexedLiterals));
        Assert.Empty(Decode(decoder, SizeUpdate(72)));
        Assert.Equal([("n3", "v3"), ("n2", "v2")], Entries(decoder.DynamicTable));
    }

    [Theory]
    [InlineData(4096, 4097)]
    [InlineData(256, 257)]
    [InlineData(0, 1)]
    public void A_size_update_above_the_advertised_size_is_refused(int advertised, int update)
    {
        var decoder = new HpackDecoder(maxTableSize: advertised);
        Decode(decoder, SizeUpdate(advertised));

        var error = Assert.Throws<HpackException>(() => Decode(decoder, SizeUpdate(update)));

        Assert.Contains("exceeds", error.Message);
    }

    [Fact]
    public void A_size_update_after_a_field_is_refused()
    {
        var error = Assert.Throws<HpackException>(() => Decode(new HpackDecoder(), [0x82, .. SizeUpdate(0)]));

        Assert.Contains("must start the block", error.Message);
    }

    [Theory]
    [InlineData("ff", "ends inside an integer")] // indexed, prefix full, no continuation
    [InlineData("82 ff80", "ends inside an integer")]
    [InlineData("04", "ends where a string should start")] // :path, no value
    [InlineData("00", "ends where a string should start")] // new name, nothing after
    [InlineData("4001 61", "ends where a string should start")] // name "a", no value
    [InlineData("0405 2f61", "runs past the end")] // :path, 5 octets announced, 2 present
    [InlineData("0485 6402", "runs past the end")] // the same with Huffman
    [InlineData("047f ffff ffff 07", "31 bits")] // a length past int.MaxValue
    public void A_truncated_block_is_refused(string dump, string message)
    {
        var error = Assert.Throws<HpackException>(() => Decode(new HpackDecoder(), Hex(dump)));

        Assert.Contains(message, error.Message);
        Assert.False(error.IsHeaderListTooLarge);
    }

    [Theory]
    [InlineData("0481 ff", "more than 7 bits")]
    [InlineData("0481 18", "not all ones")]
    [InlineData("0485 ffff fffc 1f", "EOS")]
    public void A_bad_Huffman_string_is_refused(string dump, string message)
    {
        Assert.Contains(message, Assert.Throws<HpackException>(() => Decode(new HpackDecoder(), Hex(dump))).Message);
    }

    [Fact]
    public void A_list_over_the_limit_is_refused_after_the_block_is_decoded_so_the_table_stays_in_step()
    {
        var decoder = new HpackDecoder(maxHeaderListSize: 100);
        var sink = new HeaderListSink();

        var error = Assert.Throws<HpackException>(() => decoder.Decode(Hex(ThreeIndexedLiterals), sink));

        Assert.True(error.IsHeaderListTooLarge);
        Assert.Equal([("n1", "v1"), ("n2", "v2")], sink.Fields); // 72 octets; the third makes 108
        Assert.Equal([("n3", "v3"), ("n2", "v2"), ("n1", "v1")], Entries(decoder.DynamicTable));
        Assert.Equal([("n3", "v3"), ("n1", "v1")], Decode(decoder, Hex("be c0")));
    }

    [Fact]
    public void A_list_exactly_at_the_limit_passes()
    {
        var decoder = new HpackDecoder(maxHeaderListSize: 108);

        Assert.Equal(3, Decode(decoder, Hex(ThreeIndexedLiterals)).Count);
    }

    [Fact]
    public void A_literal_naming_the_entry_its_insertion_evicts_keeps_that_name_while_the_table_moves_its_octets()
    {
        // In a 400-octet table: "aaaaa" is inserted at the front of the octet array, then "bbb" after it. The last
        // field names "aaaaa" (index 63), and its insertion evicts that entry and moves "bbb"'s octets to the front,
        // over the name being copied: the decoder must hold its own copy of the name.
        var decoder = new HpackDecoder(maxTableSize: 400);
        Decode(decoder, IndexedLiteral(0, "aaaaa", new string('1', 156)));
        Decode(decoder, IndexedLiteral(62, null, new string('2', 201))); // evicts the first entry: the table restarts
        Decode(decoder, IndexedLiteral(0, "bbb", new string('3', 104)));

        Assert.Equal([("aaaaa", new string('4', 31))], Decode(decoder, IndexedLiteral(63, null, new string('4', 31))));

        Assert.Equal([("aaaaa", new string('4', 31)), ("bbb", new string('3', 104))], Entries(decoder.DynamicTable));
        Assert.Equal([("aaaaa", new string('4', 31))], Decode(decoder, Hex("be")));
    }

    [Fact]
    public void Fields_match_a_reference_model_through_many_blocks_that_reuse_and_evict_dynamic_entries()
    {
        // Literals with incremental indexing that name dynamic entries, while insertions evict those entries and the
        // table moves its octets: the decoded name must be the entry's as it was when the field was read.
        var random = new Random(7541);
        var decoder = new HpackDecoder(maxTableSize: 300);
        var model = new List<(string Name, string Value)>(); // newest first
        for (var step = 0; step < 5000; step++)
        {
            var block = new List<byte>();
            var expected = new List<(string, string)>();
            for (var field = random.Next(1, 5); field > 0; field--)
            {
                var value = RandomText(random, random.Next(0, random.Next(8) == 0 ? 200 : 40));
                var entry = model.Count > 0 ? random.Next(model.Count) : -1;
                switch (random.Next(4))
                {
                    case 0 when entry >= 0: // indexed dynamic entry
                        Append(block, 62 + entry, 7, 0x80);
                        expected.Add(model[entry]);
                        break;
                    case 1 when entry >= 0: // literal with indexing, dynamic name
                        Append(block, 62 + entry, 6, 0x40);
                        AppendString(block, value, random.Next(2) == 0);
                        expected.Add((model[entry].Name, value));
                        Insert(model, model[entry].Name, value, 300);
                        break;
                    case 2 when entry >= 0: // literal without indexing, dynamic name
                        Append(block, 62 + entry, 4, 0x00);
                        AppendString(block, value, random.Next(2) == 0);
                        expected.Add((model[entry].Name, value));
                        break;
                    default: // literal with indexing, new name
                        var name = RandomText(random, random.Next(1, 30));
                        block.Add(0x40);
                        AppendString(block, name, random.Next(2) == 0);
                        AppendString(block, value, random.Next(2) == 0);
                        expected.Add((name, value));
                        Insert(model, name, value, 300);
                        break;
                }
            }

            Assert.Equal(expected, Decode(decoder, [.. block]));
            Assert.Equal(model, Entries(decoder.DynamicTable));
        }
    }

    [Fact]
    public void Decoding_allocates_nothing_once_the_buffers_and_table_have_grown()
    {
        var decoder = new HpackDecoder();
        var sink = new CountingSink();
        Decode(decoder, Hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff")); // C.4.1
        Decode(decoder, Hex("8286 84be 5886 a8eb 1064 9cbf")); // C.4.2
        var block = Hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"); // C.4.3: inserts each time
        for (var i = 0; i < 1000; i++)
        {
            decoder.Decode(block, sink);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            decoder.Decode(block, sink);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2000 * 5, sink.Count);
    }

    private static byte[] SizeUpdate(int size)
    {
        var octets = new byte[HpackInteger.MaxEncodedLength];
        return octets[..HpackInteger.Encode(size, 5, 0x20, octets)];
    }

    private static byte[] IndexedLiteral(int nameIndex, string? name, string value)
    {
        var block = new List<byte>();
        Append(block, nameIndex, 6, 0x40);
        if (name is not null)
        {
            AppendString(block, name, huffman: false);
        }

        AppendString(block, value, huffman: false);
        return [.. block];
    }

    private static void Append(List<byte> block, int value, int prefixBits, byte pattern)
    {
        var octets = new byte[HpackInteger.MaxEncodedLength];
        block.AddRange(octets[..HpackInteger.Encode(value, prefixBits, pattern, octets)]);
    }

    private static void AppendString(List<byte> block, string text, bool huffman)
    {
        var octets = Encoding.Latin1.GetBytes(text);
        if (huffman)
        {
            var encoded = new byte[Huffman.GetEncodedLength(octets)];
            Huffman.Encode(octets, encoded);
            octets = encoded;
        }

        Append(block, octets.Length, 7, huffman ? (byte)0x80 : (byte)0x00);
        block.AddRange(octets);
    }

    private static void Insert(List<(string Name, string Value)> model, string name, string value, int maxSize)
    {
        model.Insert(0, (name, value));
        while (model.Sum(e => e.Name.Length + e.Value.Length + 32) > maxSize)
        {
            model.RemoveAt(model.Count - 1);
        }
    }

    private static string RandomText(Random random, int length) =>
        string.Create(length, random, (chars, r) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)r.Next(0x20, 0x100);
            }
        });

    private sealed class CountingSink : IHpackHeaderSink
    {
        public int Count { get; private set; }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => Count++;
    }
}
