using System.Text;
using Proxy.Http.Codec.Http2.Hpack;
using static Proxy.Tests.Http.Codec.Http2.Hpack.HpackTestData;

namespace Proxy.Tests.Http.Codec.Http2.Hpack;

public sealed class HpackDynamicTableTests
{
    [Fact]
    public void The_newest_entry_is_index_1_and_sizes_count_32_octets_each()
    {
        var table = new HpackDynamicTable(4096);

        Insert(table, "a", "1");
        Insert(table, "bb", "22");
        Insert(table, "ccc", "");

        Assert.Equal(3, table.Count);
        Assert.Equal((1 + 1 + 32) + (2 + 2 + 32) + (3 + 0 + 32), table.Size);
        Assert.Equal([("ccc", ""), ("bb", "22"), ("a", "1")], Entries(table));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Get(4, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Get(0, out _, out _));
    }

    [Fact]
    public void An_insertion_evicts_the_oldest_entries_until_it_fits()
    {
        var table = new HpackDynamicTable(100);
        Insert(table, "n001", "v001"); // 40
        Insert(table, "n002", "v002"); // 80

        Insert(table, "n003", "v003"); // 120 > 100: n001 goes

        Assert.Equal([("n003", "v003"), ("n002", "v002")], Entries(table));
        Assert.Equal(80, table.Size);

        Insert(table, "n004", new string('x', 100 - 32 - 4)); // exactly the maximum: everything else goes
        Assert.Equal(1, table.Count);
        Assert.Equal(100, table.Size);
    }

    [Fact]
    public void An_entry_larger_than_the_maximum_empties_the_table_and_is_not_added()
    {
        var table = new HpackDynamicTable(100);
        Insert(table, "n001", "v001");

        Insert(table, "n002", new string('x', 100 - 32 - 4 + 1));

        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.Size);
        Insert(table, "n003", "v003");
        Assert.Equal([("n003", "v003")], Entries(table));
    }

    [Fact]
    public void A_smaller_maximum_evicts_the_oldest_and_0_empties_the_table()
    {
        var table = new HpackDynamicTable(4096);
        Insert(table, "n001", "v001");
        Insert(table, "n002", "v002");
        Insert(table, "n003", "v003");

        table.SetMaxSize(80);
        Assert.Equal([("n003", "v003"), ("n002", "v002")], Entries(table));
        Assert.Equal(80, table.MaxSize);

        table.SetMaxSize(0);
        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.Size);

        Insert(table, "n004", "v004"); // larger than 0: not added
        Assert.Equal(0, table.Count);

        table.SetMaxSize(4096);
        Insert(table, "n005", "v005");
        Assert.Equal([("n005", "v005")], Entries(table));
    }

    [Fact]
    public void Contents_match_a_plain_list_model_through_many_insertions_evictions_and_resizes()
    {
        // Wraps the entry ring, compacts and grows the octet array many times over.
        var random = new Random(7541);
        var table = new HpackDynamicTable(512);
        var model = new List<(string Name, string Value)>(); // newest first
        var maxSize = 512;
        for (var step = 0; step < 20_000; step++)
        {
            if (random.Next(50) == 0)
            {
                maxSize = random.Next(0, 513);
                table.SetMaxSize(maxSize);
            }
            else
            {
                var name = RandomText(random, random.Next(0, 40));
                var value = RandomText(random, random.Next(0, random.Next(10) == 0 ? 600 : 80));
                Insert(table, name, value);
                if (name.Length + value.Length + 32 > maxSize)
                {
                    model.Clear();
                }
                else
                {
                    model.Insert(0, (name, value));
                }
            }

            while (model.Sum(e => e.Name.Length + e.Value.Length + 32) > maxSize)
            {
                model.RemoveAt(model.Count - 1);
            }

            Assert.Equal(model.Sum(e => e.Name.Length + e.Value.Length + 32), table.Size);
            Assert.Equal(model, Entries(table));
        }
    }

    private static void Insert(HpackDynamicTable table, string name, string value) =>
        table.Insert(Encoding.Latin1.GetBytes(name), Encoding.Latin1.GetBytes(value));

    private static string RandomText(Random random, int length) =>
        string.Create(length, random, (chars, r) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)r.Next(0x21, 0x7F);
            }
        });
}
