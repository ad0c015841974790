namespace Proxy.Http.Codec.Http2.Hpack;

/// <summary>
/// The integer representation of RFC 7541 §5.1: a value below 2^N-1 fits in the N-bit prefix of the first octet;
/// a larger one fills the prefix with ones and continues in octets of 7 bits each, least significant group first.
/// Indices, string lengths and table sizes all use it; the decoder accepts only values that fit in an int.
/// </summary>
internal static class HpackInteger
{
    /// <summary>The longest encoding of an int: the prefix octet and five octets of 7 bits (35 bits &gt; 31).</summary>
    public const int MaxEncodedLength = 6;

    // Continuation octets after the prefix. Five carry any int; a sixth can only add zeros or overflow, so an
    // encoding that asks for it is refused rather than read on (RFC 7541 §5.1: "excessively large encodings").
    private const int MaxContinuationOctets = 5;

    /// <summary>
    /// Writes <paramref name="value"/> with an N-bit prefix (N = <paramref name="prefixBits"/>, 1 to 8); the bits of
    /// the first octet above the prefix come from <paramref name="pattern"/>. Returns the octets written, 0 when the
    /// destination is too small.
    /// </summary>
    public static int Encode(int value, int prefixBits, byte pattern, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var max = PrefixMax(prefixBits);
        if (destination.IsEmpty)
        {
            return 0;
        }

        if (value < max)
        {
            destination[0] = (byte)(pattern | value);
            return 1;
        }

        destination[0] = (byte)(pattern | max);
        var rest = (uint)(value - max);
        var written = 1;
        while (rest >= 0x80)
        {
            if (written == destination.Length)
            {
                return 0;
            }

            destination[written++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        if (written == destination.Length)
        {
            return 0;
        }

        destination[written++] = (byte)rest;
        return written;
    }

    /// <summary>How many octets <see cref="Encode"/> writes for this value and prefix.</summary>
    public static int GetEncodedLength(int value, int prefixBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var max = PrefixMax(prefixBits);
        if (value < max)
        {
            return 1;
        }

        var length = 2;
        for (var rest = (uint)(value - max); rest >= 0x80; rest >>= 7)
        {
            length++;
        }

        return length;
    }

    /// <summary>
    /// Reads an integer with an N-bit prefix starting at <paramref name="position"/> (the bits above the prefix are
    /// ignored) and moves the position past it. Throws <see cref="HpackException"/> when the source ends inside the
    /// integer, when the value does not fit in an int, or when the encoding is longer than any int needs.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, ref int position, int prefixBits)
    {
        var max = PrefixMax(prefixBits);
        if ((uint)position >= (uint)source.Length)
        {
            throw new HpackException("The header block ends where an integer should start.");
        }

        var value = source[position++] & max;
        if (value < max)
        {
            return value;
        }

        long result = max;
        for (var octet = 0; ; octet++)
        {
            if (octet == MaxContinuationOctets)
            {
                throw new HpackException($"An integer has more than {MaxContinuationOctets} continuation octets.");
            }

            if (position == source.Length)
            {
                throw new HpackException("The header block ends inside an integer.");
            }

            var b = source[position++];
            result += (long)(b & 0x7F) << (7 * octet);
            if (result > int.MaxValue)
            {
                throw new HpackException("An integer does not fit in 31 bits.");
            }

            if ((b & 0x80) == 0)
            {
                return (int)result;
            }
        }
    }

    private static int PrefixMax(int prefixBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prefixBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixBits, 8);
        return (1 << prefixBits) - 1;
    }
}
