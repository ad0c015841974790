using System.Net;
using Proxy.Listeners.Config;

namespace Proxy.Listeners;

/// <summary>
/// Envoy's filter-chain match: the criteria are looked at in a fixed order — destination port, destination
/// IP, server name, transport protocol, application protocols, direct source IP, source type, source IP,
/// source port — and at each level only the chains with the most specific matching value stay (an empty
/// criterion is a wildcard, lower than any specific value). There is no backtracking: a chain that wins a
/// level but fails a later one is not replaced by one that lost the earlier level; then the default
/// filter chain applies (Envoy docs, "Filter chain match").
/// </summary>
internal sealed class FilterChainSelector
{
    private const int NoMatch = -1;
    private readonly FilterChainConfig[] _chains;

    public FilterChainSelector(IReadOnlyList<FilterChainConfig> chains, FilterChainConfig? defaultChain)
    {
        _chains = [.. chains];
        Default = defaultChain;
    }

    public FilterChainConfig? Default { get; }

    /// <summary>True when some chain needs what only the inspectors can tell (SNI, ALPN, transport).</summary>
    public bool NeedsInspection
    {
        get
        {
            foreach (var chain in _chains)
            {
                var m = chain.Match;
                if (m.ServerNames.Count > 0 || m.TransportProtocol.Length > 0 || m.ApplicationProtocols.Count > 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public FilterChainConfig? Select(ConnectionInfo connection)
    {
        var count = _chains.Length;
        if (count == 0)
        {
            return Default;
        }

        Span<int> candidates = count <= 256 ? stackalloc int[count] : new int[count];
        for (var i = 0; i < count; i++)
        {
            candidates[i] = i;
        }

        for (var level = 0; level < 9 && count > 0; level++)
        {
            count = Narrow(candidates[..count], level, connection);
        }

        return count > 0 ? _chains[candidates[0]] : Default;
    }

    private int Narrow(Span<int> candidates, int level, ConnectionInfo connection)
    {
        var best = NoMatch;
        for (var i = 0; i < candidates.Length; i++)
        {
            best = Math.Max(best, Score(_chains[candidates[i]].Match, level, connection));
        }

        if (best == NoMatch)
        {
            return 0;
        }

        var kept = 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            if (Score(_chains[candidates[i]].Match, level, connection) == best)
            {
                candidates[kept++] = candidates[i];
            }
        }

        return kept;
    }

    /// <summary>-1: no match; 0: wildcard; higher: more specific.</summary>
    private static int Score(FilterChainMatch match, int level, ConnectionInfo c) => level switch
    {
        0 => match.DestinationPort is { } port ? (c.LocalEndPoint?.Port == port ? 1 : NoMatch) : 0,
        1 => ScoreCidr(match.PrefixRanges, c.LocalEndPoint?.Address),
        2 => ScoreServerName(match.ServerNames, c.ServerName),
        3 => match.TransportProtocol.Length == 0 ? 0 : (match.TransportProtocol == c.TransportProtocol ? 1 : NoMatch),
        4 => ScoreApplicationProtocols(match.ApplicationProtocols, c.ApplicationProtocols),
        5 => ScoreCidr(match.DirectSourcePrefixRanges, c.DirectRemoteEndPoint?.Address),
        6 => ScoreSourceType(match.SourceType, c),
        7 => ScoreCidr(match.SourcePrefixRanges, c.RemoteEndPoint?.Address),
        _ => ScoreSourcePort(match.SourcePorts, c.RemoteEndPoint?.Port),
    };

    private static int ScoreCidr(IReadOnlyList<CidrRange> ranges, IPAddress? address)
    {
        if (ranges.Count == 0)
        {
            return 0;
        }

        if (address is null)
        {
            return NoMatch;
        }

        var best = NoMatch;
        for (var i = 0; i < ranges.Count; i++)
        {
            if (ranges[i].Contains(address))
            {
                best = Math.Max(best, ranges[i].PrefixLength + 1);
            }
        }

        return best;
    }

    private static int ScoreServerName(IReadOnlyList<string> names, string? serverName)
    {
        if (names.Count == 0)
        {
            return 0;
        }

        if (string.IsNullOrEmpty(serverName))
        {
            return NoMatch;
        }

        var best = NoMatch;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name.StartsWith("*.", StringComparison.Ordinal))
            {
                // "*.example.com" matches "a.example.com" and "a.b.example.com", not "example.com".
                var suffix = name.AsSpan(1);
                if (serverName.Length > suffix.Length && serverName.AsSpan().EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    best = Math.Max(best, suffix.Length);
                }
            }
            else if (string.Equals(name, serverName, StringComparison.OrdinalIgnoreCase))
            {
                return int.MaxValue;
            }
        }

        return best;
    }

    private static int ScoreApplicationProtocols(IReadOnlyList<string> wanted, string[] offered)
    {
        if (wanted.Count == 0)
        {
            return 0;
        }

        for (var i = 0; i < offered.Length; i++)
        {
            for (var j = 0; j < wanted.Count; j++)
            {
                if (string.Equals(wanted[j], offered[i], StringComparison.Ordinal))
                {
                    return 1;
                }
            }
        }

        return NoMatch;
    }

    private static int ScoreSourceType(ConnectionSourceType type, ConnectionInfo c)
    {
        if (type == ConnectionSourceType.Any)
        {
            return 0;
        }

        var remote = c.RemoteEndPoint?.Address;
        var local = c.LocalEndPoint?.Address;
        var sameOrLoopback = remote is not null && (IPAddress.IsLoopback(remote) || remote.Equals(local));
        return (type == ConnectionSourceType.SameIpOrLoopback) == sameOrLoopback ? 1 : NoMatch;
    }

    private static int ScoreSourcePort(IReadOnlyList<int> ports, int? port)
    {
        if (ports.Count == 0)
        {
            return 0;
        }

        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] == port)
            {
                return 1;
            }
        }

        return NoMatch;
    }
}
