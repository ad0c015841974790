using System.Numerics;

namespace Proxy.Http.Codec.Http2.Hpack;

/// <summary>
/// The static Huffman code of RFC 7541 §5.2 (table: <see cref="HuffmanCode"/>).
/// <para>
/// Decoding reads the input through a 64-bit accumulator and looks at a 32-bit window of the next bits. Codes of up
/// to <see cref="FastBits"/> bits, which cover nearly all header text, come from one table indexed by the window's
/// top bits. Longer codes use the code's canonical order: all codes of length L, read as left-aligned numbers, lie
/// below every code that is longer, so the length is the first L whose limit the window is below, and the symbol is
/// the code's rank among the codes of that length. The tables are built once from <see cref="HuffmanCode"/>.
/// </para>
/// </summary>
internal static class Huffman
{
    private const int FastBits = 10;

    // FastBits-bit prefix -> (symbol << 8) | code length, or 0 when the code is longer than FastBits.
    private static readonly ushort[] FastTable = new ushort[1 << FastBits];

    // Per code length L: the window (left-aligned to 32 bits) below which a code has at most L bits, the first code
    // of length L (aligned to the LSB), and where the symbols of length L start in SymbolsByCode.
    private static readonly ulong[] Limit = new ulong[HuffmanCode.MaxLength + 1];
    private static readonly uint[] FirstCode = new uint[HuffmanCode.MaxLength + 1];
    private static readonly int[] FirstRank = new int[HuffmanCode.MaxLength + 1];
    private static readonly short[] SymbolsByCode = new short[HuffmanCode.SymbolCount];

    static Huffman()
    {
        var bySymbol = new short[HuffmanCode.SymbolCount];
        for (short symbol = 0; symbol < HuffmanCode.SymbolCount; symbol++)
        {
            bySymbol[symbol] = symbol;
        }

        // Canonical order: by length, then by code (which within one length is by symbol).
        Array.Sort(bySymbol, (a, b) => HuffmanCode.Length(a) != HuffmanCode.Length(b)
            ? HuffmanCode.Length(a).CompareTo(HuffmanCode.Length(b))
            : HuffmanCode.Code(a).CompareTo(HuffmanCode.Code(b)));
        bySymbol.CopyTo(SymbolsByCode, 0);

        var rank = 0;
        ulong limit = 0;
        for (var length = 1; length <= HuffmanCode.MaxLength; length++)
        {
            FirstRank[length] = rank;
            FirstCode[length] = rank < SymbolsByCode.Length && HuffmanCode.Length(SymbolsByCode[rank]) == length
                ? HuffmanCode.Code(SymbolsByCode[rank])
                : 0;
            while (rank < SymbolsByCode.Length && HuffmanCode.Length(SymbolsByCode[rank]) == length)
            {
                limit = (ulong)(HuffmanCode.Code(SymbolsByCode[rank]) + 1) << (32 - length);
                rank++;
            }

            Limit[length] = limit;
        }

        for (var symbol = 0; symbol < 256; symbol++)
        {
            var length = HuffmanCode.Length(symbol);
            if (length > FastBits)
            {
                continue;
            }

            var first = (int)HuffmanCode.Code(symbol) << (FastBits - length);
            FastTable.AsSpan(first, 1 << (FastBits - length)).Fill((ushort)((symbol << 8) | length));
        }
    }

    /// <summary>An upper bound of the octets <see cref="Decode"/> writes for an encoded string of this length.</summary>
    public static int GetMaxDecodedLength(int encodedLength) => (int)((long)encodedLength * 8 / HuffmanCode.MinLength);

    /// <summary>
    /// Decodes a Huffman-coded string into <paramref name="destination"/> (which must have room for
    /// <see cref="GetMaxDecodedLength"/> octets) and returns the octets written. Throws <see cref="HpackException"/>
    /// when the string holds EOS, or ends with padding longer than 7 bits or not made of ones (RFC 7541 §5.2).
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ulong bits = 0; // the unread bits are the low `count` bits (at most 56)
        var count = 0;
        var next = 0;
        var written = 0;
        while (true)
        {
            while (count <= 48 && next < source.Length)
            {
                bits = (bits << 8) | source[next++];
                count += 8;
            }

            if (count == 0)
            {
                return written;
            }

            var rest = (1UL << count) - 1;
            var allOnes = (bits & rest) == rest;
            if (allOnes && count < 8 && next == source.Length)
            {
                return written; // padding: the most significant bits of EOS
            }

            // The next 32 bits; at the end of the input the missing bits read as ones, which no code can end in
            // except EOS, so a code that reaches into them is longer than what is left.
            var window = count >= 32
                ? (uint)(bits >> (count - 32))
                : (uint)(bits << (32 - count)) | (uint)((1UL << (32 - count)) - 1);
            var (symbol, length) = Lookup(window);
            if (length > count)
            {
                throw new HpackException(allOnes
                    ? "A Huffman-coded string ends with more than 7 bits of padding."
                    : "A Huffman-coded string ends with padding that is not all ones.");
            }

            if (symbol == HuffmanCode.Eos)
            {
                throw new HpackException("A Huffman-coded string contains EOS.");
            }

            if (written == destination.Length)
            {
                throw new ArgumentException("The destination is shorter than the decoded string.", nameof(destination));
            }

            destination[written++] = (byte)symbol;
            count -= length;
        }
    }

    /// <summary>How many octets the Huffman code of <paramref name="source"/> takes, padding included.</summary>
    public static int GetEncodedLength(ReadOnlySpan<byte> source) => GetEncodedLengthCore(source);

    /// <summary>As <see cref="GetEncodedLength(ReadOnlySpan{byte})"/> for text taken as Latin-1 (see <see cref="Encode(ReadOnlySpan{char}, Span{byte})"/>).</summary>
    public static int GetEncodedLength(ReadOnlySpan<char> source) => GetEncodedLengthCore(source);

    /// <summary>
    /// Writes the Huffman code of <paramref name="source"/>, padded with ones to an octet, and returns the octets
    /// written. The destination must have room for <see cref="GetEncodedLength(ReadOnlySpan{byte})"/> octets.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination) => EncodeCore(source, destination);

    /// <summary>
    /// As <see cref="Encode(ReadOnlySpan{byte}, Span{byte})"/> for text taken as Latin-1: each char is one octet,
    /// and a char above U+00FF is written as '?' (what <see cref="System.Text.Encoding.Latin1"/> does).
    /// </summary>
    public static int Encode(ReadOnlySpan<char> source, Span<byte> destination) => EncodeCore(source, destination);

    private static (int Symbol, int Length) Lookup(uint window)
    {
        var fast = FastTable[window >> (32 - FastBits)];
        if (fast != 0)
        {
            return (fast >> 8, fast & 0xFF);
        }

        var length = FastBits + 1;
        while (window >= Limit[length])
        {
            length++;
        }

        var rank = FirstRank[length] + (int)((window >> (32 - length)) - FirstCode[length]);
        return (SymbolsByCode[rank], length);
    }

    private static int GetEncodedLengthCore<T>(ReadOnlySpan<T> source)
        where T : unmanaged, IBinaryInteger<T>
    {
        long bitCount = 0;
        foreach (var unit in source)
        {
            bitCount += HuffmanCode.Length(ToOctet(unit));
        }

        return (int)((bitCount + 7) >> 3);
    }

    private static int EncodeCore<T>(ReadOnlySpan<T> source, Span<byte> destination)
        where T : unmanaged, IBinaryInteger<T>
    {
        ulong bits = 0; // pending bits are the low `count` bits, fewer than 8 between symbols
        var count = 0;
        var written = 0;
        foreach (var unit in source)
        {
            var symbol = ToOctet(unit);
            var length = HuffmanCode.Length(symbol);
            bits = (bits << length) | HuffmanCode.Code(symbol);
            count += length;
            while (count >= 8)
            {
                count -= 8;
                Put(destination, ref written, (byte)(bits >> count));
            }
        }

        if (count > 0)
        {
            Put(destination, ref written, (byte)((bits << (8 - count)) | (0xFFu >> count)));
        }

        return written;
    }

    private static int ToOctet<T>(T unit)
        where T : unmanaged, IBinaryInteger<T>
    {
        var value = int.CreateTruncating(unit);
        return value <= 0xFF ? value : '?';
    }

    private static void Put(Span<byte> destination, ref int written, byte value)
    {
        if (written == destination.Length)
        {
            throw new ArgumentException("The destination is shorter than the Huffman-coded string.", nameof(destination));
        }

        destination[written++] = value;
    }
}
