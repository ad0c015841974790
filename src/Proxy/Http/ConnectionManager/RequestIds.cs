using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Proxy.Http.ConnectionManager;

/// <summary>
/// Generated x-request-id values: random UUIDs (version 4, RFC 9562) as Envoy's <c>RandomGenerator::uuid()</c>
/// makes them, from a per-thread buffer of random bytes refilled 256 ids at a time, as Envoy buffers them.
/// <see cref="Guid.NewGuid"/> reads the kernel's random source on every call: a system call per request.
/// The buffer is filled from /dev/urandom, not <see cref="RandomNumberGenerator"/>: on Linux that one loads
/// OpenSSL, about 4 MB of resident memory that a proxy without TLS never needs.
/// </summary>
internal static class RequestIds
{
    private const int IdBytes = 16;
    private const int IdsPerRefill = 256;

    private static readonly SafeFileHandle? Urandom = OpenUrandom();

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
            Fill(random);
            t_next = 0;
        }

        Span<byte> id = stackalloc byte[IdBytes];
        random.AsSpan(t_next, IdBytes).CopyTo(id);
        t_next += IdBytes;
        id[6] = (byte)((id[6] & 0x0F) | 0x40); // version 4
        id[8] = (byte)((id[8] & 0x3F) | 0x80); // variant 10
        return new Guid(id, bigEndian: true).ToString();
    }

    private static void Fill(byte[] buffer)
    {
        if (Urandom is { } handle)
        {
            var filled = 0;
            int read;
            while (filled < buffer.Length && (read = RandomAccess.Read(handle, buffer.AsSpan(filled), 0)) > 0)
            {
                filled += read;
            }

            if (filled == buffer.Length)
            {
                return;
            }
        }

        RandomNumberGenerator.Fill(buffer);
    }

    private static SafeFileHandle? OpenUrandom()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return File.OpenHandle("/dev/urandom", FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
