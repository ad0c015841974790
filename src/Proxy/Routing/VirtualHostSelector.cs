namespace Proxy.Routing;

/// <summary>
/// Picks the virtual host for a request's <c>:authority</c>, in Envoy's order (VirtualHost.domains doc,
/// <c>RouteMatcher::findVirtualHost</c>): exact domain; then suffix wildcards (<c>*.foo.com</c>, <c>*-bar.foo.com</c>),
/// longest first; then prefix wildcards (<c>foo.*</c>, <c>foo-*</c>), longest first; then <c>*</c>. Case-insensitive;
/// a wildcard never matches an empty part (<c>*.foo.com</c> does not match <c>.foo.com</c>). A domain with a port
/// only matches that exact host:port; with <c>ignore_port_in_host_matching</c> the request's port is dropped first.
/// All lookups are built at config time and take spans of the host, so a lookup allocates nothing.
/// </summary>
public sealed class VirtualHostSelector
{
    private readonly Dictionary<string, VirtualHost> _exact;
    private readonly Dictionary<string, VirtualHost>.AlternateLookup<ReadOnlySpan<char>> _exactLookup;
    private readonly int[] _suffixLengths;
    private readonly Dictionary<string, VirtualHost>.AlternateLookup<ReadOnlySpan<char>>[] _suffixes;
    private readonly int[] _prefixLengths;
    private readonly Dictionary<string, VirtualHost>.AlternateLookup<ReadOnlySpan<char>>[] _prefixes;
    private readonly VirtualHost? _default;
    private readonly bool _ignorePort;

    /// <param name="domains">Every (domain, virtual host) pair; domains must be unique (the translator checks).</param>
    /// <param name="ignorePortInHostMatching">RouteConfiguration.ignore_port_in_host_matching.</param>
    public VirtualHostSelector(IEnumerable<KeyValuePair<string, VirtualHost>> domains, bool ignorePortInHostMatching)
    {
        _ignorePort = ignorePortInHostMatching;
        _exact = new Dictionary<string, VirtualHost>(StringComparer.OrdinalIgnoreCase);
        var suffixes = new SortedDictionary<int, Dictionary<string, VirtualHost>>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        var prefixes = new SortedDictionary<int, Dictionary<string, VirtualHost>>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (var (domain, virtualHost) in domains)
        {
            if (domain == "*")
            {
                _default = virtualHost;
            }
            else if (domain.StartsWith('*'))
            {
                Bucket(suffixes, domain.Length - 1)[domain.Substring(1)] = virtualHost;
            }
            else if (domain.EndsWith('*'))
            {
                Bucket(prefixes, domain.Length - 1)[domain.Substring(0, domain.Length - 1)] = virtualHost;
            }
            else
            {
                _exact[domain] = virtualHost;
            }
        }

        _exactLookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _suffixLengths = [.. suffixes.Keys];
        _suffixes = [.. suffixes.Values.Select(d => d.GetAlternateLookup<ReadOnlySpan<char>>())];
        _prefixLengths = [.. prefixes.Keys];
        _prefixes = [.. prefixes.Values.Select(d => d.GetAlternateLookup<ReadOnlySpan<char>>())];
    }

    /// <summary>The virtual host for <paramref name="authority"/>, or null when none matches (Envoy answers 404).</summary>
    public VirtualHost? Find(string? authority)
    {
        // Fast path, as Envoy: only a "*" virtual host.
        if (_exact.Count == 0 && _suffixLengths.Length == 0 && _prefixLengths.Length == 0)
        {
            return _default;
        }

        // A request without :authority cannot be matched by domain (Envoy: no route). An empty Host (RFC 9112
        // §3.2: sent when the target has no authority) matches no domain and no wildcard, so it gets "*".
        if (authority is null)
        {
            return null;
        }

        ReadOnlySpan<char> host = authority;
        if (_ignorePort)
        {
            int portStart = HostPort.GetPortStart(host);
            if (portStart >= 0)
            {
                host = host.Slice(0, portStart);
            }
        }

        if (_exactLookup.TryGetValue(host, out VirtualHost? found))
        {
            return found;
        }

        for (int i = 0; i < _suffixLengths.Length; i++)
        {
            int length = _suffixLengths[i];
            if (length < host.Length && _suffixes[i].TryGetValue(host.Slice(host.Length - length), out found))
            {
                return found;
            }
        }

        for (int i = 0; i < _prefixLengths.Length; i++)
        {
            int length = _prefixLengths[i];
            if (length < host.Length && _prefixes[i].TryGetValue(host.Slice(0, length), out found))
            {
                return found;
            }
        }

        return _default;
    }

    private static Dictionary<string, VirtualHost> Bucket(SortedDictionary<int, Dictionary<string, VirtualHost>> buckets, int length)
    {
        if (!buckets.TryGetValue(length, out var bucket))
        {
            bucket = new Dictionary<string, VirtualHost>(StringComparer.OrdinalIgnoreCase);
            buckets[length] = bucket;
        }

        return bucket;
    }
}
