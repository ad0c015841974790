using System.Text;
using Proxy.Http.Codec.Http2.Hpack;

namespace Proxy.Tests.Http.Codec.Http2.Hpack;

public sealed class HpackStaticTableTests
{
    [Theory]
    [InlineData(1, ":authority", "")]
    [InlineData(2, ":method", "GET")]
    [InlineData(3, ":method", "POST")]
    [InlineData(4, ":path", "/")]
    [InlineData(5, ":path", "/index.html")]
    [InlineData(6, ":scheme", "http")]
    [InlineData(7, ":scheme", "https")]
    [InlineData(8, ":status", "200")]
    [InlineData(9, ":status", "204")]
    [InlineData(10, ":status", "206")]
    [InlineData(11, ":status", "304")]
    [InlineData(12, ":status", "400")]
    [InlineData(13, ":status", "404")]
    [InlineData(14, ":status", "500")]
    [InlineData(15, "accept-charset", "")]
    [InlineData(16, "accept-encoding", "gzip, deflate")]
    [InlineData(19, "accept", "")]
    [InlineData(23, "authorization", "")]
    [InlineData(24, "cache-control", "")]
    [InlineData(26, "content-encoding", "")]
    [InlineData(28, "content-length", "")]
    [InlineData(31, "content-type", "")]
    [InlineData(32, "cookie", "")]
    [InlineData(33, "date", "")]
    [InlineData(38, "host", "")]
    [InlineData(46, "location", "")]
    [InlineData(55, "set-cookie", "")]
    [InlineData(58, "user-agent", "")]
    [InlineData(61, "www-authenticate", "")]
    public void Entries_are_those_of_Appendix_A(int index, string name, string value)
    {
        Assert.Equal(name, Encoding.ASCII.GetString(HpackStaticTable.GetName(index)));
        Assert.Equal(value, Encoding.ASCII.GetString(HpackStaticTable.GetValue(index)));
    }

    [Fact]
    public void There_are_61_lowercase_entries_and_only_2_to_14_and_16_have_values()
    {
        Assert.Equal(61, HpackStaticTable.Count);
        var names = new List<string>();
        for (var index = 1; index <= HpackStaticTable.Count; index++)
        {
            var name = Encoding.ASCII.GetString(HpackStaticTable.GetName(index));
            Assert.Equal(name.ToLowerInvariant(), name);
            Assert.Equal(index is (>= 2 and <= 14) or 16, !HpackStaticTable.GetValue(index).IsEmpty);
            names.Add(name);
        }

        // Repeated names are adjacent, which Find relies on: 4 names (:method :path :scheme :status) fill 13 entries.
        Assert.Equal(61 - 13 + 4, names.Distinct().Count());
        for (var i = 1; i < names.Count; i++)
        {
            Assert.False(names[i] != names[i - 1] && names.IndexOf(names[i]) < i, $"'{names[i]}' is not next to its other entries");
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => HpackStaticTable.GetName(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => HpackStaticTable.GetValue(62));
    }

    [Fact]
    public void Lookups_find_the_full_match_else_the_first_entry_with_the_name()
    {
        Assert.Equal(3, HpackStaticTable.Find(":method", "POST", out var postMatches));
        Assert.True(postMatches);
        Assert.Equal(14, HpackStaticTable.Find(":status", "500", out var status500Matches));
        Assert.True(status500Matches);
        Assert.Equal(8, HpackStaticTable.Find(":status", "302", out var status302Matches));
        Assert.False(status302Matches);
        Assert.Equal(31, HpackStaticTable.Find("content-type", "text/plain", out var typeMatches));
        Assert.False(typeMatches);
        Assert.Equal(31, HpackStaticTable.Find("content-type", "", out var emptyMatches));
        Assert.True(emptyMatches);
        Assert.Equal(0, HpackStaticTable.Find("x-custom", "", out var customMatches));
        Assert.False(customMatches);

        Assert.Equal(2, HpackStaticTable.FindName(":method"));
        Assert.Equal(61, HpackStaticTable.FindName("www-authenticate"));
        Assert.Equal(0, HpackStaticTable.FindName("Content-Type"));
    }
}
