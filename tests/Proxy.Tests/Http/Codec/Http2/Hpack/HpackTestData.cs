using System.Text;
using Proxy.Http.Codec.Http2.Hpack;

namespace Proxy.Tests.Http.Codec.Http2.Hpack;

internal static class HpackTestData
{
    /// <summary>Octets from a hex dump as RFC 7541 Appendix C prints them ("8286 8441 ...").</summary>
    public static byte[] Hex(string dump) => Convert.FromHexString(string.Concat(dump.Where(c => !char.IsWhiteSpace(c))));

    /// <summary>The dynamic table's entries, index 1 (newest) first, as Latin-1 strings.</summary>
    public static (string Name, string Value)[] Entries(HpackDynamicTable table)
    {
        var entries = new (string, string)[table.Count];
        for (var index = 1; index <= table.Count; index++)
        {
            table.Get(index, out var name, out var value);
            entries[index - 1] = (Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value));
        }

        return entries;
    }

    public static List<(string Name, string Value)> Decode(HpackDecoder decoder, byte[] block)
    {
        var sink = new HeaderListSink();
        decoder.Decode(block, sink);
        return sink.Fields;
    }
}
