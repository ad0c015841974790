using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Proxy.Hashing;

/// <summary>
/// XXH64 (xxHash, 64-bit variant, spec: github.com/Cyan4973/xxHash doc/xxhash_spec.md), the hash Envoy's
/// <c>HashUtil::xxHash64</c> computes for route hash policies. Written here because System.IO.Hashing is not
/// available to this build (DESIGN.md). One-shot only: Envoy hashes whole values.
/// </summary>
public static class XxHash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime5 = 0x27D4EB2F165667C5UL;

    /// <summary>Strings longer than this (in UTF-8 bytes) are encoded into a pooled buffer instead of the stack.</summary>
    private const int StackLimit = 512;

    /// <summary>XXH64 of <paramref name="data"/> with <paramref name="seed"/> (Envoy always uses seed 0).</summary>
    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        int length = data.Length;
        int offset = 0;
        ulong acc;

        // 1. Stripes of 32 bytes feed four accumulators.
        if (length >= 32)
        {
            ulong v1 = seed + Prime1 + Prime2;
            ulong v2 = seed + Prime2;
            ulong v3 = seed;
            ulong v4 = seed - Prime1;
            int limit = length - 32;
            do
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(offset)));
                v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(offset + 8)));
                v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(offset + 16)));
                v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(offset + 24)));
                offset += 32;
            }
            while (offset <= limit);

            // 2. Converge the accumulators.
            acc = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7)
                + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
            acc = MergeRound(acc, v1);
            acc = MergeRound(acc, v2);
            acc = MergeRound(acc, v3);
            acc = MergeRound(acc, v4);
        }
        else
        {
            acc = seed + Prime5;
        }

        // 3. Add the length, then consume the remaining 0..31 bytes.
        acc += (ulong)length;
        while (offset + 8 <= length)
        {
            ulong k1 = Round(0, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(offset)));
            acc ^= k1;
            acc = BitOperations.RotateLeft(acc, 27) * Prime1 + Prime4;
            offset += 8;
        }

        if (offset + 4 <= length)
        {
            acc ^= BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(offset)) * Prime1;
            acc = BitOperations.RotateLeft(acc, 23) * Prime2 + Prime3;
            offset += 4;
        }

        while (offset < length)
        {
            acc ^= data[offset] * Prime5;
            acc = BitOperations.RotateLeft(acc, 11) * Prime1;
            offset++;
        }

        // 4. Avalanche.
        acc ^= acc >> 33;
        acc *= Prime2;
        acc ^= acc >> 29;
        acc *= Prime3;
        acc ^= acc >> 32;
        return acc;
    }

    /// <summary>
    /// XXH64 of the UTF-8 bytes of <paramref name="text"/>: Envoy hashes header values and addresses as the
    /// bytes it received, which for the ASCII text of headers, cookies and IPs is the same thing.
    /// </summary>
    public static ulong Hash(ReadOnlySpan<char> text, ulong seed = 0)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            int written = Encoding.UTF8.GetBytes(text, buffer);
            return Hash(buffer.Slice(0, written), seed);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            int written = Encoding.UTF8.GetBytes(text, rented);
            return Hash(rented.AsSpan(0, written), seed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ulong Round(ulong acc, ulong input)
    {
        acc += input * Prime2;
        acc = BitOperations.RotateLeft(acc, 31);
        return acc * Prime1;
    }

    private static ulong MergeRound(ulong acc, ulong value)
    {
        acc ^= Round(0, value);
        return acc * Prime1 + Prime4;
    }
}
