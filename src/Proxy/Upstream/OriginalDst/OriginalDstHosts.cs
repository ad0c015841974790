using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.OriginalDst;

/// <summary>
/// The hosts of an ORIGINAL_DST cluster (Envoy's original destination load balancer): a host per destination,
/// made on first use and published in the cluster's host set (so /clusters and the connection pools see it),
/// removed by the cleanup that runs every <c>cleanup_interval</c> when it was not picked since the previous
/// run and carries no active request or connection. The destination is, in order: the
/// <c>original_dst_lb_config.http_header_name</c> header when <c>use_http_header</c> (a parseable
/// <c>ip:port</c>; otherwise ignored), then the connection's restored original destination; a connection whose
/// destination was not restored (not redirected) gets no host, as in Envoy, so a direct connection to the
/// proxy cannot loop back into it. <c>upstream_port_override</c> replaces the port of either.
/// </summary>
internal sealed class OriginalDstHosts : IDisposable
{
    private readonly ClusterRuntime _cluster;
    private readonly ConcurrentDictionary<IPEndPoint, Entry> _entries = new();
    private readonly Lock _gate = new();
    private readonly ITimer _cleanup;

    public OriginalDstHosts(ClusterRuntime cluster)
    {
        _cluster = cluster;
        var interval = cluster.Config.CleanupInterval;
        _cleanup = cluster.Time.CreateTimer(static state => ((OriginalDstHosts)state!).Cleanup(), this, interval, interval);
    }

    public OriginalDstSettings Settings => _cluster.Config.OriginalDst;

    /// <param name="restoredDestination">The downstream's original destination when original_dst restored it; else null.</param>
    /// <param name="headerValue">The override header's first value (HTTP only, when <c>use_http_header</c>); else null.</param>
    public Host? Pick(IPEndPoint? restoredDestination, string? headerValue)
    {
        var destination = headerValue is not null && TryParseHostHeader(headerValue, out var fromHeader)
            ? fromHeader
            : restoredDestination;
        if (destination is null)
        {
            return null;
        }

        if (Settings.UpstreamPortOverride is { } port && port != destination.Port)
        {
            destination = new IPEndPoint(destination.Address, port);
        }

        if (!_entries.TryGetValue(destination, out var entry))
        {
            entry = Add(destination);
        }

        Volatile.Write(ref entry.Used, 1);
        return entry.Host;
    }

    /// <summary>Envoy accepts an IP literal with a port: <c>10.0.0.1:8080</c> or <c>[::1]:8080</c>.</summary>
    internal static bool TryParseHostHeader(string value, out IPEndPoint endPoint)
    {
        var colon = value.LastIndexOf(':');
        var bracket = value.LastIndexOf(']');
        if (colon <= 0 || colon < bracket || (value[0] == '[') != (bracket > 0) || (bracket < 0 && value.IndexOf(':') != colon))
        {
            endPoint = null!;
            return false;
        }

        return IPEndPoint.TryParse(value, out endPoint!) && endPoint.Port != 0;
    }

    public void Dispose() => _cleanup.Dispose();

    /// <summary>Runs the cleanup pass now (the timer's work; tests call it to step time).</summary>
    internal void Cleanup()
    {
        lock (_gate)
        {
            var removed = false;
            foreach (var (address, entry) in _entries)
            {
                var host = entry.Host;
                if (Interlocked.Exchange(ref entry.Used, 0) == 0 && host.Stats.RqActive == 0 && host.Stats.CxActive == 0)
                {
                    _entries.TryRemove(address, out _);
                    removed = true;
                }
            }

            if (removed)
            {
                Publish();
            }
        }
    }

    private Entry Add(IPEndPoint destination)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(destination, out var existing))
            {
                return existing;
            }

            // Published before it is findable, so a concurrent pick never sees a host outside the host set.
            var address = EndpointAddress.FromIp(destination);
            var entry = new Entry(address, Publish(address).FindHost(address.AsString)!);
            _entries[destination] = entry;
            return entry;
        }
    }

    /// <summary>Publishes the destinations (plus <paramref name="added"/>) as the cluster's host set; Host objects are kept.</summary>
    private PrioritySet Publish(EndpointAddress? added = null)
    {
        var endpoints = ImmutableArray.CreateBuilder<EndpointConfig>(_entries.Count + 1);
        foreach (var entry in _entries.Values)
        {
            endpoints.Add(new EndpointConfig { Address = entry.Address });
        }

        if (added is not null)
        {
            endpoints.Add(new EndpointConfig { Address = added });
        }

        var assignment = new LoadAssignment
        {
            ClusterName = _cluster.Name,
            Localities = [new LocalityEndpoints { Endpoints = endpoints.ToImmutable() }],
        };
        var next = HostSetBuilder.Update(_cluster.Hosts.Hosts, assignment, _cluster.Config.LoadBalancer.HealthyPanicThreshold);
        _cluster.UpdateHosts(next);
        return next;
    }

    private sealed class Entry(EndpointAddress address, Host host)
    {
        public EndpointAddress Address { get; } = address;

        public Host Host { get; } = host;

        public int Used;
    }
}
