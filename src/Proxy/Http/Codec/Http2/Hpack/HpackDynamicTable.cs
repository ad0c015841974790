using System.Diagnostics;

namespace Proxy.Http.Codec.Http2.Hpack;

/// <summary>
/// The dynamic table of RFC 7541 §2.3.2 and §4: entries newest first (index 1 is the latest insertion), sized as
/// name + value + 32 octets each, the oldest evicted when an insertion or a smaller maximum needs the room.
/// <para>
/// Entries are a ring of (offset, name length, value length); their octets lie back to back, oldest first, in one
/// array, so a name and a value are always contiguous spans. An insertion that does not fit after the newest
/// entry moves the live octets to the front, or into an array twice their size when they fill more than half of
/// it; the array never grows past twice the largest maximum size (or 256 octets), and both arrays start empty and
/// grow on use.
/// </para>
/// </summary>
internal sealed class HpackDynamicTable
{
    /// <summary>What RFC 7541 §4.1 adds to an entry's name and value lengths.</summary>
    public const int EntryOverhead = 32;

    private Entry[] _entries = [];
    private int _oldest; // slot of the oldest entry in _entries
    private byte[] _octets = [];
    private int _octetsStart; // where the oldest entry's octets start
    private int _octetsEnd; // where the newest entry's octets end

    public HpackDynamicTable(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        MaxSize = maxSize;
    }

    /// <summary>The number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>The sum of the entries' sizes (RFC 7541 §4.1).</summary>
    public int Size { get; private set; }

    /// <summary>The maximum size, as the last dynamic table size update (or the initial setting) set it.</summary>
    public int MaxSize { get; private set; }

    /// <summary>Sets the maximum size, evicting the oldest entries until the table fits (RFC 7541 §4.3).</summary>
    public void SetMaxSize(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        MaxSize = maxSize;
        while (Size > MaxSize)
        {
            EvictOldest();
        }
    }

    /// <summary>
    /// Adds an entry as index 1 after evicting what it needs (RFC 7541 §4.4). An entry larger than the maximum size
    /// empties the table and is not added. The spans must not point into this table: the caller copies a name it
    /// took from here first, since eviction and compaction may overwrite it.
    /// </summary>
    public void Insert(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Debug.Assert(!name.Overlaps(_octets) && !value.Overlaps(_octets), "An inserted name or value points into the table.");
        var size = (long)name.Length + value.Length + EntryOverhead;
        if (size > MaxSize)
        {
            Clear();
            return;
        }

        while (Size + size > MaxSize)
        {
            EvictOldest();
        }

        var length = name.Length + value.Length;
        var offset = Reserve(length);
        name.CopyTo(_octets.AsSpan(offset));
        value.CopyTo(_octets.AsSpan(offset + name.Length));
        if (Count == _entries.Length)
        {
            GrowEntries();
        }

        _entries[(_oldest + Count) % _entries.Length] = new Entry(offset, name.Length, value.Length);
        Count++;
        Size += (int)size;
    }

    /// <summary>The entry at <paramref name="index"/>, 1 (newest) to <see cref="Count"/> (oldest).</summary>
    public void Get(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, Count);
        var entry = _entries[(_oldest + Count - index) % _entries.Length];
        name = _octets.AsSpan(entry.Offset, entry.NameLength);
        value = _octets.AsSpan(entry.Offset + entry.NameLength, entry.ValueLength);
    }

    private void Clear()
    {
        Count = 0;
        Size = 0;
        _oldest = 0;
        _octetsStart = 0;
        _octetsEnd = 0;
    }

    private void EvictOldest()
    {
        var entry = _entries[_oldest];
        _oldest = (_oldest + 1) % _entries.Length;
        Count--;
        Size -= entry.NameLength + entry.ValueLength + EntryOverhead;
        _octetsStart += entry.NameLength + entry.ValueLength;
        if (Count == 0)
        {
            Clear();
        }
    }

    /// <summary>Room for <paramref name="length"/> octets after the newest entry's; returns where it starts.</summary>
    private int Reserve(int length)
    {
        if (_octets.Length - _octetsEnd < length)
        {
            var live = _octetsEnd - _octetsStart;
            var needed = live + length;
            var target = needed * 2 <= _octets.Length ? _octets : new byte[Math.Max(needed * 2, 256)];
            _octets.AsSpan(_octetsStart, live).CopyTo(target);
            _octets = target;
            for (var i = 0; i < Count; i++)
            {
                ref var entry = ref _entries[(_oldest + i) % _entries.Length];
                entry = entry with { Offset = entry.Offset - _octetsStart };
            }

            _octetsStart = 0;
            _octetsEnd = live;
        }

        var offset = _octetsEnd;
        _octetsEnd += length;
        return offset;
    }

    private void GrowEntries()
    {
        var grown = new Entry[Math.Max(_entries.Length * 2, 8)];
        for (var i = 0; i < Count; i++)
        {
            grown[i] = _entries[(_oldest + i) % _entries.Length];
        }

        _entries = grown;
        _oldest = 0;
    }

    private readonly record struct Entry(int Offset, int NameLength, int ValueLength);
}
