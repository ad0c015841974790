using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Proxy.Upstream.LoadBalancing.Hashing;

/// <summary>
/// The 64-bit MurmurHash2 variant of libstdc++'s <c>_Hash_bytes</c>, which Envoy uses for
/// <c>ring_hash_lb_config.hash_function: MURMUR_HASH_2</c> (<c>MurmurHash::murmurHash2</c> with
/// <c>STD_HASH_SEED</c> 0xc70f6907), so rings match those of Envoy and std::hash users.
/// </summary>
public static class MurmurHash2
{
    /// <summary>Envoy's <c>MurmurHash::STD_HASH_SEED</c>.</summary>
    public const ulong StdHashSeed = 0xc70f6907UL;

    private const ulong Multiplier = 0xc6a4a7935bd1e995UL;

    public static ulong Hash(string text, ulong seed = StdHashSeed)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return Hash(buffer[..length], seed);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = StdHashSeed)
    {
        var hash = seed ^ ((ulong)data.Length * Multiplier);
        while (data.Length >= 8)
        {
            var block = ShiftMix(BinaryPrimitives.ReadUInt64LittleEndian(data) * Multiplier) * Multiplier;
            hash ^= block;
            hash *= Multiplier;
            data = data[8..];
        }

        if (!data.IsEmpty)
        {
            // The tail as a little-endian integer of its 1-7 bytes (libstdc++'s load_bytes).
            ulong tail = 0;
            for (var i = data.Length - 1; i >= 0; i--)
            {
                tail = (tail << 8) + data[i];
            }

            hash ^= tail;
            hash *= Multiplier;
        }

        hash = ShiftMix(hash) * Multiplier;
        return ShiftMix(hash);
    }

    private static ulong ShiftMix(ulong value) => value ^ (value >> 47);
}
