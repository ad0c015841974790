using Proxy.Upstream.Hosts;
using Proxy.Hashing;
using Proxy.Upstream.LoadBalancing.Hashing;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// Envoy's Maglev table (maglev_lb.cc, after Eisenbud et al. 2016): hosts sorted by hash key; each has
/// offset = xxHash64(key, 0) mod M and skip = xxHash64(key, 1) mod (M − 1) + 1 and fills its next free slot of
/// its permutation in turn. Weighted: a host of normalized weight w takes a turn in round r only when
/// r × w ≥ its target, which grows by the largest weight per turn taken, so slots follow weights.
/// </summary>
internal sealed class MaglevTable : IHashTable
{
    private readonly Host[] _hosts;
    private readonly int[] _table;

    public MaglevTable(List<(Host Host, double Weight)> weights, double maxWeight, ulong tableSize, bool useHostname)
    {
        if (weights.Count == 0)
        {
            _hosts = Array.Empty<Host>();
            _table = Array.Empty<int>();
            return;
        }

        // 1. A stable order of build entries (Envoy sorts by key so the table does not depend on EDS order).
        var entries = new List<Entry>(weights.Count);
        foreach (var (host, weight) in weights)
        {
            entries.Add(new Entry(HashKey.For(host, useHostname), host, weight));
        }

        entries.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        _hosts = new Host[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var key = entries[i].Key;
            entries[i].Offset = XxHash64.Hash(key) % tableSize;
            entries[i].Skip = (XxHash64.Hash(key, 1) % (tableSize - 1)) + 1;
            _hosts[i] = entries[i].Host;
        }

        // 2. Fill the table, taking turns, until every slot has a host.
        _table = new int[tableSize];
        Array.Fill(_table, -1);
        ulong filled = 0;
        for (ulong iteration = 1; filled < tableSize; iteration++)
        {
            for (var i = 0; i < entries.Count && filled < tableSize; i++)
            {
                var entry = entries[i];
                if (iteration * entry.Weight < entry.Target)
                {
                    continue;
                }

                entry.Target += maxWeight;
                var slot = Permutation(entry, tableSize);
                while (_table[slot] >= 0)
                {
                    entry.Next++;
                    slot = Permutation(entry, tableSize);
                }

                _table[slot] = i;
                entry.Next++;
                entry.Count++;
                filled++;
            }
        }

        EntriesPerHost = entries.ConvertAll(e => (e.Host, e.Count));
    }

    /// <summary>Slots per host (for tests and stats: min/max_entries_per_host).</summary>
    internal List<(Host Host, ulong Count)> EntriesPerHost { get; } = new();

    public Host? Choose(ulong hash, int attempt)
    {
        if (_table.Length == 0)
        {
            return null;
        }

        if (attempt > 0)
        {
            // Retry predicate: flip most bits of the hash to land far away (Envoy: hash ^= ~0 - attempt + 1).
            hash ^= ulong.MaxValue - (ulong)attempt + 1;
        }

        return _hosts[_table[hash % (ulong)_table.Length]];
    }

    private static long Permutation(Entry entry, ulong tableSize) =>
        (long)((entry.Offset + (entry.Skip * entry.Next)) % tableSize);

    private sealed class Entry
    {
        public Entry(string key, Host host, double weight)
        {
            Key = key;
            Host = host;
            Weight = weight;
        }

        public string Key { get; }

        public Host Host { get; }

        public double Weight { get; }

        public ulong Offset { get; set; }

        public ulong Skip { get; set; }

        public double Target { get; set; }

        public ulong Next { get; set; }

        public ulong Count { get; set; }
    }
}
