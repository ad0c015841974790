using Proxy.Http.Codec.Http2.Hpack;
using static Proxy.Tests.Http.Codec.Http2.Hpack.HpackTestData;

namespace Proxy.Tests.Http.Codec.Http2.Hpack;

/// <summary>The examples of RFC 7541 Appendix C, decoded block by block with the dynamic table checked after each.</summary>
public sealed class HpackDecoderAppendixCTests
{
    private const string Authority = "www.example.com";
    private const string Date21 = "Mon, 21 Oct 2013 20:13:21 GMT";
    private const string Date22 = "Mon, 21 Oct 2013 20:13:22 GMT";
    private const string Location = "https://www.example.com";
    private const string Cookie = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

    [Fact]
    public void C_2_1_literal_with_indexing_enters_the_table()
    {
        var decoder = new HpackDecoder();

        AssertBlock(
            decoder,
            "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
            [("custom-key", "custom-header")],
            [("custom-key", "custom-header")],
            55);
    }

    [Fact]
    public void C_2_2_literal_without_indexing_leaves_the_table_empty()
    {
        AssertBlock(new HpackDecoder(), "040c 2f73 616d 706c 652f 7061 7468", [(":path", "/sample/path")], [], 0);
    }

    [Fact]
    public void C_2_3_literal_never_indexed_leaves_the_table_empty()
    {
        AssertBlock(new HpackDecoder(), "1008 7061 7373 776f 7264 0673 6563 7265 74", [("password", "secret")], [], 0);
    }

    [Fact]
    public void C_2_4_indexed_field_comes_from_the_static_table()
    {
        AssertBlock(new HpackDecoder(), "82", [(":method", "GET")], [], 0);
    }

    [Fact]
    public void C_3_requests_without_Huffman()
    {
        var decoder = new HpackDecoder();

        AssertBlock(decoder, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d", Request1, Table1, 57);
        AssertBlock(decoder, "8286 84be 5808 6e6f 2d63 6163 6865", Request2, Table2, 110);
        AssertBlock(decoder, "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65", Request3, Table3, 164);
    }

    [Fact]
    public void C_4_requests_with_Huffman()
    {
        var decoder = new HpackDecoder();

        AssertBlock(decoder, "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff", Request1, Table1, 57);
        AssertBlock(decoder, "8286 84be 5886 a8eb 1064 9cbf", Request2, Table2, 110);
        AssertBlock(decoder, "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf", Request3, Table3, 164);
    }

    [Fact]
    public void C_5_responses_without_Huffman_evict_from_a_256_octet_table()
    {
        var decoder = new HpackDecoder(maxTableSize: 256);

        AssertBlock(
            decoder,
            "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
            Response1,
            ResponseTable1,
            222);
        AssertBlock(decoder, "4803 3330 37c1 c0bf", Response2, ResponseTable2, 222);
        AssertBlock(
            decoder,
            "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31",
            Response3,
            ResponseTable3,
            215);
    }

    [Fact]
    public void C_6_responses_with_Huffman_evict_from_a_256_octet_table()
    {
        var decoder = new HpackDecoder(maxTableSize: 256);

        AssertBlock(
            decoder,
            "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
            Response1,
            ResponseTable1,
            222);
        AssertBlock(decoder, "4883 640e ffc1 c0bf", Response2, ResponseTable2, 222);
        AssertBlock(
            decoder,
            "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
            Response3,
            ResponseTable3,
            215);
    }

    private static (string, string)[] Request1 => [(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", Authority)];

    private static (string, string)[] Request2 => [.. Request1, ("cache-control", "no-cache")];

    private static (string, string)[] Request3 =>
        [(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", Authority), ("custom-key", "custom-value")];

    private static (string, string)[] Table1 => [(":authority", Authority)];

    private static (string, string)[] Table2 => [("cache-control", "no-cache"), (":authority", Authority)];

    private static (string, string)[] Table3 => [("custom-key", "custom-value"), ("cache-control", "no-cache"), (":authority", Authority)];

    private static (string, string)[] Response1 => [(":status", "302"), ("cache-control", "private"), ("date", Date21), ("location", Location)];

    private static (string, string)[] Response2 => [(":status", "307"), ("cache-control", "private"), ("date", Date21), ("location", Location)];

    private static (string, string)[] Response3 =>
        [(":status", "200"), ("cache-control", "private"), ("date", Date22), ("location", Location), ("content-encoding", "gzip"), ("set-cookie", Cookie)];

    private static (string, string)[] ResponseTable1 => [("location", Location), ("date", Date21), ("cache-control", "private"), (":status", "302")];

    private static (string, string)[] ResponseTable2 => [(":status", "307"), ("location", Location), ("date", Date21), ("cache-control", "private")];

    private static (string, string)[] ResponseTable3 => [("set-cookie", Cookie), ("content-encoding", "gzip"), ("date", Date22)];

    private static void AssertBlock(HpackDecoder decoder, string dump, (string, string)[] fields, (string, string)[] table, int tableSize)
    {
        Assert.Equal(fields, Decode(decoder, Hex(dump)));
        Assert.Equal(table, Entries(decoder.DynamicTable));
        Assert.Equal(tableSize, decoder.DynamicTable.Size);
    }
}
