using System.Diagnostics;
using System.Text;

namespace Proxy.Http.Codec.Http2.Hpack;

/// <summary>
/// Encodes response fields (RFC 7541) without a dynamic table: it never inserts, so the peer's decoder needs no
/// table size update and one encoder serves every connection. A field is the static table's index when the static
/// table has its name and value; else a literal without indexing (§6.2.2), naming a static entry when the name is
/// there; or, for sensitive values, a literal never indexed (§6.2.3), which intermediaries must keep literal.
/// <para>
/// Strings are Huffman-coded when that is strictly shorter, else written as they are: the choice costs one pass
/// over the string to sum code lengths, and saves about a fifth of typical header text. Text is taken as Latin-1,
/// one octet per char; a char above U+00FF becomes '?' (as <see cref="Encoding.Latin1"/> writes it). The caller
/// owns field validity: lowercase names, no CR, LF or NUL (RFC 9113 §8.2.1).
/// </para>
/// </summary>
internal static class HpackEncoder
{
    /// <summary>The most <see cref="EncodeStatus"/> writes: a literal with the :status name index and three digits.</summary>
    public const int MaxStatusLength = 5;

    /// <summary>
    /// Writes :status. 200, 204, 206, 304, 400, 404 and 500 are one octet (their static entries); any other
    /// three-digit status is a literal without indexing on the name of entry 8. Returns the octets written, 0 when
    /// the destination is too small.
    /// </summary>
    public static int EncodeStatus(int status, Span<byte> destination)
    {
        var index = status switch
        {
            200 => HpackStaticTable.Status200,
            204 => HpackStaticTable.Status200 + 1,
            206 => HpackStaticTable.Status200 + 2,
            304 => HpackStaticTable.Status200 + 3,
            400 => HpackStaticTable.Status200 + 4,
            404 => HpackStaticTable.Status200 + 5,
            500 => HpackStaticTable.Status200 + 6,
            _ => 0,
        };
        if (index != 0)
        {
            return WriteIndexed(index, destination);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 999);
        ReadOnlySpan<char> digits = [(char)('0' + (status / 100)), (char)('0' + (status / 10 % 10)), (char)('0' + (status % 10))];
        return WriteLiteral(HpackStaticTable.Status200, default, digits, neverIndexed: false, destination);
    }

    /// <summary>
    /// Writes one field. <paramref name="name"/> must be lowercase (the caller's to ensure; asserted in debug builds).
    /// With <paramref name="neverIndexed"/> the field is a never-indexed literal even when the static table has it
    /// whole, for values such as authorization or short cookies (RFC 7541 §7.1.3). Returns the octets written, 0
    /// when the destination is too small (at most <see cref="MaxEncodedLength"/> octets are needed).
    /// </summary>
    public static int EncodeHeader(ReadOnlySpan<char> name, ReadOnlySpan<char> value, Span<byte> destination, bool neverIndexed = false)
    {
        Debug.Assert(!name.ContainsAnyInRange('A', 'Z'), "HTTP/2 field names are lowercase (RFC 9113 §8.2.1).");
        var index = HpackStaticTable.Find(name, value, out var valueMatches);
        return valueMatches && !neverIndexed
            ? WriteIndexed(index, destination)
            : WriteLiteral(index, name, value, neverIndexed, destination);
    }

    /// <summary>
    /// An upper bound of what <see cref="EncodeHeader"/> writes for a name and a value of these lengths (in chars):
    /// a literal with a new name, each string raw with its 7-bit-prefix length; Huffman is used only when shorter.
    /// </summary>
    public static int MaxEncodedLength(int nameLength, int valueLength) => checked(
        1 + HpackInteger.GetEncodedLength(nameLength, 7) + nameLength + HpackInteger.GetEncodedLength(valueLength, 7) + valueLength);

    private static int WriteIndexed(int index, Span<byte> destination) => HpackInteger.Encode(index, 7, 0x80, destination);

    /// <summary>A literal without indexing (0000xxxx) or never indexed (0001xxxx); a name index of 0 means a new name.</summary>
    private static int WriteLiteral(int nameIndex, ReadOnlySpan<char> name, ReadOnlySpan<char> value, bool neverIndexed, Span<byte> destination)
    {
        var written = HpackInteger.Encode(nameIndex, 4, neverIndexed ? (byte)0x10 : (byte)0x00, destination);
        if (written == 0)
        {
            return 0;
        }

        if (nameIndex == 0)
        {
            var nameWritten = WriteString(name, destination[written..]);
            if (nameWritten == 0)
            {
                return 0;
            }

            written += nameWritten;
        }

        var valueWritten = WriteString(value, destination[written..]);
        return valueWritten == 0 ? 0 : written + valueWritten;
    }

    /// <summary>A string literal (§5.2): Huffman-coded when strictly shorter, else raw. 0 when it does not fit.</summary>
    private static int WriteString(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var huffmanLength = Huffman.GetEncodedLength(text);
        var huffman = huffmanLength < text.Length;
        var length = huffman ? huffmanLength : text.Length;
        var prefix = HpackInteger.Encode(length, 7, huffman ? (byte)0x80 : (byte)0x00, destination);
        if (prefix == 0 || destination.Length - prefix < length)
        {
            return 0;
        }

        var data = destination.Slice(prefix, length);
        if (huffman)
        {
            Huffman.Encode(text, data);
        }
        else
        {
            Encoding.Latin1.GetBytes(text, data);
        }

        return prefix + length;
    }
}
