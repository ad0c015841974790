namespace Proxy.Http.Codec;

/// <summary>
/// The Date header Kestrel adds to a response that has none (RFC 9110 §6.6.1), formatted once per second and
/// shared by every connection of the own codecs.
/// </summary>
internal static class DateHeaderValue
{
    private static Entry _cached = new(long.MinValue, "");

    public static string Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        var cached = _cached;
        if (cached.Second == second)
        {
            return cached.Value;
        }

        var value = now.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        _cached = new Entry(second, value);
        return value;
    }

    private sealed record Entry(long Second, string Value);
}
