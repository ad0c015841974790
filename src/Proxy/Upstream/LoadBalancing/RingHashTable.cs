using System.Text;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;
using Proxy.Hashing;
using Proxy.Upstream.LoadBalancing.Hashing;

namespace Proxy.Upstream.LoadBalancing;

/// <summary>
/// Envoy's ketama ring (ring_hash_lb.cc): each host gets about scale × weight entries, the i-th hashed from
/// <c>"&lt;address&gt;_&lt;i&gt;"</c> with xxHash64 (seed 0) or MurmurHash2. The scale is chosen so the lightest host
/// gets a whole number of entries at least <c>minimum_ring_size</c> in total, capped at <c>maximum_ring_size</c>;
/// running sums place fractional entry counts stably. A request takes the first entry whose hash is ≥ its hash,
/// wrapping to the first.
/// </summary>
internal sealed class RingHashTable : IHashTable
{
    private readonly ulong[] _hashes;
    private readonly Host[] _hosts;

    public RingHashTable(List<(Host Host, double Weight)> weights, double minWeight, RingHashSettings settings, bool useHostname)
    {
        if (weights.Count == 0)
        {
            _hashes = Array.Empty<ulong>();
            _hosts = Array.Empty<Host>();
            return;
        }

        var scale = Math.Min(Math.Ceiling(minWeight * settings.MinimumRingSize) / minWeight, settings.MaximumRingSize);
        var ringSize = (int)Math.Ceiling(scale);
        var hashes = new List<ulong>(ringSize);
        var hosts = new List<Host>(ringSize);
        var key = new byte[256];
        double current = 0;
        double target = 0;
        foreach (var (host, weight) in weights)
        {
            // 1. "<key>_" once per host; the entry number is appended in decimal for each entry.
            var text = HashKey.For(host, useHostname) + "_";
            var prefixLength = Encoding.UTF8.GetByteCount(text);
            if (key.Length < prefixLength + 20)
            {
                key = new byte[prefixLength + 20];
            }

            Encoding.UTF8.GetBytes(text, key);
            target += scale * weight;
            for (ulong i = 0; current < target; i++, current++)
            {
                i.TryFormat(key.AsSpan(prefixLength), out var digits);
                var bytes = key.AsSpan(0, prefixLength + digits);
                hashes.Add(settings.HashFunction == RingHashFunction.MurmurHash2 ? MurmurHash2.Hash(bytes) : XxHash64.Hash(bytes));
                hosts.Add(host);
            }
        }

        _hashes = hashes.ToArray();
        _hosts = hosts.ToArray();
        Array.Sort(_hashes, _hosts);
    }

    /// <summary>Entries on the ring.</summary>
    public int Size => _hashes.Length;

    /// <summary>How many entries each host got (for tests and stats: min/max_hashes_per_host).</summary>
    internal IReadOnlyList<Host> Entries => _hosts;

    public Host? Choose(ulong hash, int attempt)
    {
        if (_hashes.Length == 0)
        {
            return null;
        }

        // First entry with hash >= the request's, wrapping around (ketama_get_server).
        var low = 0;
        var high = _hashes.Length;
        while (low < high)
        {
            var mid = (int)((uint)(low + high) >> 1);
            if (_hashes[mid] < hash)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        var index = low == _hashes.Length ? 0 : low;
        if (attempt > 0)
        {
            // Retry predicate: behave as if this entry were not on the ring.
            index = (int)(((ulong)index + (ulong)attempt) % (ulong)_hashes.Length);
        }

        return _hosts[index];
    }
}
