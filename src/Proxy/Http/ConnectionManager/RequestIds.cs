using System.Security.Cryptography;

namespace Proxy.Http.ConnectionManager;

/// <summary>
/// Generated x-request-id values: random UUIDs (version 4, RFC 9562) as Envoy's <c>RandomGenerator::uuid()</c>
/// makes them, from a per-thread buffer of random bytes refilled 256 ids at a time, as Envoy buffers them.
/// <see cref="Guid.NewGuid"/> asks the kernel for randomness on every call: a system call per request.
/// </summary>
internal static class RequestIds
{
    private const int IdBytes = 16;
    private const int IdsPerRefill = 256;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_next;

    public static string Next()
    {
        var random = t_random;
        if (random is null || t_next == random.Length)
        {
            random = t_random ??= new byte[IdBytes * IdsPerRefill];
            RandomNumberGenerator.Fill(random);
            t_next = 0;
        }

        Span<byte> id = stackalloc byte[IdBytes];
        random.AsSpan(t_next, IdBytes).CopyTo(id);
        t_next += IdBytes;
        id[6] = (byte)((id[6] & 0x0F) | 0x40); // version 4
        id[8] = (byte)((id[8] & 0x3F) | 0x80); // variant 10
        return new Guid(id, bigEndian: true).ToString();
    }
}
