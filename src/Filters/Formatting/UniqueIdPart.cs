namespace Proxy.Filters.Formatting;

/// <summary><c>%UNIQUE_ID%</c>: a fresh random (version 4) UUID for every entry, from the injected randomness.</summary>
internal sealed class UniqueIdPart : FormatPart
{
    private const string Hex = "0123456789abcdef";

    private readonly Random _random;

    public UniqueIdPart(Random random) => _random = random;

    public override ValueKind Write(in FormatContext context, LogBuffer output)
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);

        // RFC 9562 §5.4: version 4 in the high nibble of byte 6, variant 10 in the top bits of byte 8.
        bytes[6] = (byte)((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        for (var i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10)
            {
                output.Append('-');
            }

            output.Append(Hex[bytes[i] >> 4]);
            output.Append(Hex[bytes[i] & 0xf]);
        }

        return ValueKind.String;
    }
}
