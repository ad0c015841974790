using System.Globalization;

namespace Proxy.Filters.Formatting;

/// <summary>
/// A growable character buffer that formatters append to. One instance per thread is reused
/// (<see cref="Rent"/>/<see cref="Return"/>), so formatting a log line allocates nothing once warm.
/// </summary>
internal sealed class LogBuffer
{
    // Buffers that grew past this (a huge header) are not kept for reuse, so one odd request does not
    // pin memory on every thread for the rest of the process.
    private const int MaxRetainedChars = 64 * 1024;

    [ThreadStatic]
    private static LogBuffer? t_cached;

    [ThreadStatic]
    private static LogBuffer? t_cachedSecond;

    private char[] _chars;

    public LogBuffer(int capacity = 512) => _chars = new char[Math.Max(capacity, 16)];

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    /// <summary>Takes this thread's cached buffer (or a new one); reentrant calls get distinct buffers.</summary>
    public static LogBuffer Rent()
    {
        var buffer = t_cached;
        if (buffer is not null)
        {
            t_cached = null;
            return buffer;
        }

        buffer = t_cachedSecond;
        if (buffer is not null)
        {
            t_cachedSecond = null;
            return buffer;
        }

        return new LogBuffer();
    }

    public static void Return(LogBuffer buffer)
    {
        if (buffer._chars.Length > MaxRetainedChars)
        {
            return;
        }

        buffer.Length = 0;
        if (t_cached is null)
        {
            t_cached = buffer;
        }
        else
        {
            t_cachedSecond ??= buffer;
        }
    }

    public void Clear() => Length = 0;

    /// <summary>Drops everything after <paramref name="length"/> characters (no-op if already shorter).</summary>
    public void Truncate(int length)
    {
        if (length < Length)
        {
            Length = Math.Max(length, 0);
        }
    }

    public void Append(char c)
    {
        if (Length == _chars.Length)
        {
            Grow(1);
        }

        _chars[Length++] = c;
    }

    public void Append(string? s)
    {
        if (s is not null)
        {
            Append(s.AsSpan());
        }
    }

    public void Append(ReadOnlySpan<char> s)
    {
        if (Length + s.Length > _chars.Length)
        {
            Grow(s.Length);
        }

        s.CopyTo(_chars.AsSpan(Length));
        Length += s.Length;
    }

    public void Append(char c, int count)
    {
        if (Length + count > _chars.Length)
        {
            Grow(count);
        }

        _chars.AsSpan(Length, count).Fill(c);
        Length += count;
    }

    public void Append(long value) => AppendFormattable(value, default);

    public void Append(ulong value) => AppendFormattable(value, default);

    /// <summary>Appends <paramref name="value"/> zero-padded to <paramref name="width"/> digits.</summary>
    public void AppendPadded(long value, int width, char pad = '0')
    {
        if (value < 0)
        {
            Append('-');
            value = -value;
        }

        var digits = CountDigits((ulong)value);
        if (digits < width && pad != '\0')
        {
            Append(pad, width - digits);
        }

        Append(value);
    }

    /// <summary>Appends any span-formattable value with the invariant culture (IPAddress, numbers).</summary>
    public void AppendFormattable<T>(T value, ReadOnlySpan<char> format)
        where T : ISpanFormattable
    {
        while (true)
        {
            if (value.TryFormat(_chars.AsSpan(Length), out var written, format, CultureInfo.InvariantCulture))
            {
                Length += written;
                return;
            }

            Grow(Math.Max(32, _chars.Length));
        }
    }

    public override string ToString() => new(_chars, 0, Length);

    private static int CountDigits(ulong value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_chars.Length * 2, Length + needed);
        Array.Resize(ref _chars, size);
    }
}
