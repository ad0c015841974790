using System.Text;

namespace Proxy.Http.Codec.Http2.Hpack;

/// <summary>
/// The static table of RFC 7541 Appendix A: 61 entries at indices 1 to 61 (the dynamic table follows at 62).
/// Entries with the same name are adjacent, which the lookups by name and value rely on.
/// </summary>
internal static class HpackStaticTable
{
    public const int Count = 61;

    /// <summary>The entry of :status 200; 204, 206, 304, 400, 404 and 500 follow it.</summary>
    public const int Status200 = 8;

    private static readonly (string Name, string Value)[] Entries =
    [
        ("", ""), // index 0 is not an entry
        (":authority", ""),
        (":method", "GET"),
        (":method", "POST"),
        (":path", "/"),
        (":path", "/index.html"),
        (":scheme", "http"),
        (":scheme", "https"),
        (":status", "200"),
        (":status", "204"),
        (":status", "206"),
        (":status", "304"),
        (":status", "400"),
        (":status", "404"),
        (":status", "500"),
        ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"),
        ("accept-language", ""),
        ("accept-ranges", ""),
        ("accept", ""),
        ("access-control-allow-origin", ""),
        ("age", ""),
        ("allow", ""),
        ("authorization", ""),
        ("cache-control", ""),
        ("content-disposition", ""),
        ("content-encoding", ""),
        ("content-language", ""),
        ("content-length", ""),
        ("content-location", ""),
        ("content-range", ""),
        ("content-type", ""),
        ("cookie", ""),
        ("date", ""),
        ("etag", ""),
        ("expect", ""),
        ("expires", ""),
        ("from", ""),
        ("host", ""),
        ("if-match", ""),
        ("if-modified-since", ""),
        ("if-none-match", ""),
        ("if-range", ""),
        ("if-unmodified-since", ""),
        ("last-modified", ""),
        ("link", ""),
        ("location", ""),
        ("max-forwards", ""),
        ("proxy-authenticate", ""),
        ("proxy-authorization", ""),
        ("range", ""),
        ("referer", ""),
        ("refresh", ""),
        ("retry-after", ""),
        ("server", ""),
        ("set-cookie", ""),
        ("strict-transport-security", ""),
        ("transfer-encoding", ""),
        ("user-agent", ""),
        ("vary", ""),
        ("via", ""),
        ("www-authenticate", ""),
    ];

    private static readonly byte[][] NameOctets = Array.ConvertAll(Entries, e => Encoding.ASCII.GetBytes(e.Name));
    private static readonly byte[][] ValueOctets = Array.ConvertAll(Entries, e => Encoding.ASCII.GetBytes(e.Value));

    // Name -> the lowest index with that name.
    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> FirstIndexByName = BuildNameIndex();

    /// <summary>The name of entry <paramref name="index"/> (1 to <see cref="Count"/>).</summary>
    public static ReadOnlySpan<byte> GetName(int index) => NameOctets[CheckIndex(index)];

    /// <summary>The value of entry <paramref name="index"/> (1 to <see cref="Count"/>); empty for most entries.</summary>
    public static ReadOnlySpan<byte> GetValue(int index) => ValueOctets[CheckIndex(index)];

    /// <summary>The lowest index whose name is <paramref name="name"/>, or 0 when none is.</summary>
    public static int FindName(ReadOnlySpan<char> name) => FirstIndexByName.TryGetValue(name, out var index) ? index : 0;

    /// <summary>
    /// The index of the entry with this name and value when there is one (<paramref name="valueMatches"/> is then
    /// true); else the lowest index with this name; else 0.
    /// </summary>
    public static int Find(ReadOnlySpan<char> name, ReadOnlySpan<char> value, out bool valueMatches)
    {
        var first = FindName(name);
        if (first != 0)
        {
            for (var index = first; index <= Count && Entries[index].Name == Entries[first].Name; index++)
            {
                if (value.SequenceEqual(Entries[index].Value))
                {
                    valueMatches = true;
                    return index;
                }
            }
        }

        valueMatches = false;
        return first;
    }

    private static int CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, Count);
        return index;
    }

    private static Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> BuildNameIndex()
    {
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 1; index <= Count; index++)
        {
            byName.TryAdd(Entries[index].Name, index);
        }

        return byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
