using System.Collections.Immutable;
using System.Net;
using Proxy.Upstream.Config;
using Proxy.Upstream.Hosts;

namespace Proxy.Upstream.Dns;

/// <summary>
/// Keeps the hosts of a STRICT_DNS or LOGICAL_DNS cluster up to date (Envoy's StrictDnsClusterImpl and
/// LogicalDnsCluster). Each endpoint name has its own refresh timer on the injected <see cref="TimeProvider"/>:
/// after a success it fires after <c>dns_refresh_rate</c> (or the answer's TTL with <c>respect_dns_ttl</c>, plus
/// <c>dns_jitter</c>), after a failure per <see cref="DnsFailureBackoff"/>, keeping the last hosts meanwhile.
/// <list type="bullet">
/// <item>STRICT_DNS: every name resolved; every address becomes a host carrying the endpoint's weight, locality,
/// priority and metadata; a host that stays in the answer keeps its identity.</item>
/// <item>LOGICAL_DNS: one name; only the first address is used, as one logical host whose address is replaced
/// in place for new connections when DNS changes; empty answers are ignored.</item>
/// </list>
/// <see cref="HostsChanged"/> is raised, serialized, with each new snapshot.
/// </summary>
public sealed class DnsClusterResolver : IDisposable
{
    private readonly ClusterConfig _cluster;
    private readonly IDnsResolver _resolver;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Action<PrioritySet> _hostsChanged;
    private readonly bool _logical;
    private readonly Target[] _targets;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private PrioritySet _current = PrioritySet.Empty;
    private Host? _logicalHost;
    private bool _started;
    private bool _disposed;

    /// <param name="cluster">A STRICT_DNS or LOGICAL_DNS cluster.</param>
    /// <param name="resolver">The resolver (<see cref="SystemDnsResolver"/> in production).</param>
    /// <param name="time">Time for refresh timers.</param>
    /// <param name="random">Randomness for back-off and jitter.</param>
    /// <param name="hostsChanged">Called with each new snapshot, one call at a time, on the resolving thread.</param>
    public DnsClusterResolver(ClusterConfig cluster, IDnsResolver resolver, TimeProvider time, Random random,
        Action<PrioritySet> hostsChanged)
    {
        if (cluster.DiscoveryType is not (ClusterDiscoveryType.StrictDns or ClusterDiscoveryType.LogicalDns))
        {
            throw new ArgumentException($"cluster '{cluster.Name}' is not a DNS cluster", nameof(cluster));
        }

        _cluster = cluster;
        _resolver = resolver;
        _time = time;
        _random = random;
        _hostsChanged = hostsChanged;
        _logical = cluster.DiscoveryType == ClusterDiscoveryType.LogicalDns;
        var targets = new List<Target>();
        foreach (var locality in cluster.LoadAssignment?.Localities ?? ImmutableArray<LocalityEndpoints>.Empty)
        {
            foreach (var endpoint in locality.Endpoints)
            {
                targets.Add(new Target(this, locality, endpoint,
                    new DnsFailureBackoff(cluster.Dns.FailureRefreshBase, cluster.Dns.FailureRefreshMax, cluster.Dns.RefreshRate, random)));
            }
        }

        _targets = targets.ToArray();
    }

    /// <summary>The current host snapshot (empty until the first answer), the last one passed to the callback.</summary>
    public PrioritySet Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>
    /// Completes once every name has been looked up once, successfully or not: Envoy's cluster warming, after
    /// which the cluster may be used.
    /// </summary>
    public Task Initialized => _initialized.Task;

    /// <summary>Starts the first lookups now.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_started || _disposed)
            {
                return;
            }

            _started = true;
        }

        if (_targets.Length == 0)
        {
            _initialized.TrySetResult();
            return;
        }

        foreach (var target in _targets)
        {
            _ = ResolveAsync(target);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stop.Cancel();
        foreach (var target in _targets)
        {
            target.Timer?.Dispose();
        }

        _stop.Dispose();
    }

    private async Task ResolveAsync(Target target)
    {
        DnsResult result;
        try
        {
            result = await _resolver.ResolveAsync(target.Name, _cluster.Dns.LookupFamily, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Resolvers should not throw; if one does, treat it as a failed lookup.
            result = DnsResult.Failed(e.Message);
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            TimeSpan next;
            if (result.Success)
            {
                target.Backoff.Reset();
                var addresses = _logical && result.Addresses.Length > 1 ? ImmutableArray.Create(result.Addresses[0]) : result.Addresses;
                if (!target.Resolved || !SameAddresses(target.Addresses, addresses))
                {
                    // LOGICAL_DNS ignores empty answers and keeps its host.
                    if (!(_logical && addresses.IsEmpty))
                    {
                        target.Addresses = addresses;
                        Publish();
                    }
                }

                next = RefreshAfterSuccess(result.Ttl);
            }
            else
            {
                next = target.Backoff.Next();
            }

            target.Resolved = true;
            ScheduleLocked(target, next);
            if (Array.TrueForAll(_targets, t => t.Resolved))
            {
                _initialized.TrySetResult();
            }
        }
    }

    private TimeSpan RefreshAfterSuccess(TimeSpan? ttl)
    {
        var dns = _cluster.Dns;
        var refresh = dns.RespectDnsTtl && ttl is { } t && t > TimeSpan.Zero ? t : dns.RefreshRate;
        if (dns.Jitter > TimeSpan.Zero)
        {
            refresh += TimeSpan.FromTicks(_random.NextInt64(dns.Jitter.Ticks));
        }

        return refresh;
    }

    private void ScheduleLocked(Target target, TimeSpan delay)
    {
        if (target.Timer is null)
        {
            target.Timer = _time.CreateTimer(static state => ((Target)state!).Fire(), target, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            target.Timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Builds and raises the next snapshot from every target's current addresses.</summary>
    private void Publish()
    {
        if (_logical)
        {
            PublishLogical(_targets[0]);
            return;
        }

        var localities = ImmutableArray.CreateBuilder<LocalityEndpoints>();
        foreach (var locality in _cluster.LoadAssignment!.Localities)
        {
            var endpoints = ImmutableArray.CreateBuilder<EndpointConfig>();
            foreach (var target in _targets)
            {
                if (ReferenceEquals(target.Locality, locality))
                {
                    foreach (var address in target.Addresses)
                    {
                        endpoints.Add(Resolved(target, address));
                    }
                }
            }

            localities.Add(locality with { Endpoints = endpoints.ToImmutable() });
        }

        var assignment = _cluster.LoadAssignment with { Localities = localities.ToImmutable() };
        _current = HostSetBuilder.Update(_current, assignment, _cluster.LoadBalancer.HealthyPanicThreshold,
            newHostsPendingHealthCheck: !_cluster.HealthChecks.IsEmpty);
        _hostsChanged(_current);
    }

    private void PublishLogical(Target target)
    {
        var endpoint = Resolved(target, target.Addresses[0]);
        if (_logicalHost is null)
        {
            var locality = target.Locality with { Endpoints = ImmutableArray.Create(endpoint) };
            var assignment = _cluster.LoadAssignment! with { Localities = ImmutableArray.Create(locality) };
            _current = HostSetBuilder.Update(null, assignment, _cluster.LoadBalancer.HealthyPanicThreshold,
                newHostsPendingHealthCheck: !_cluster.HealthChecks.IsEmpty);
            _logicalHost = _current.AllHosts[0];
        }
        else
        {
            // Same logical host, new address for new connections; existing connections are left alone.
            _logicalHost.SetAddress(endpoint.Address);
            _current = _current.RefreshHealth();
        }

        _hostsChanged(_current);
    }

    private static EndpointConfig Resolved(Target target, IPAddress address) => target.Endpoint with
    {
        Address = EndpointAddress.FromIp(new IPEndPoint(address, target.Endpoint.Address.Port)),
        Hostname = target.Endpoint.Hostname.Length != 0 ? target.Endpoint.Hostname : target.Name,
    };

    /// <summary>Same set of addresses, order ignored (Envoy updates hosts only when the set changes).</summary>
    private static bool SameAddresses(ImmutableArray<IPAddress> a, ImmutableArray<IPAddress> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var set = new HashSet<IPAddress>(a);
        return set.SetEquals(b);
    }

    private sealed class Target
    {
        public Target(DnsClusterResolver owner, LocalityEndpoints locality, EndpointConfig endpoint, DnsFailureBackoff backoff)
        {
            Owner = owner;
            Locality = locality;
            Endpoint = endpoint;
            Backoff = backoff;
        }

        public DnsClusterResolver Owner { get; }

        public LocalityEndpoints Locality { get; }

        public EndpointConfig Endpoint { get; }

        /// <summary>The name to look up (an IP literal resolves to itself).</summary>
        public string Name => Endpoint.Address.Host;

        public DnsFailureBackoff Backoff { get; }

        public ImmutableArray<IPAddress> Addresses { get; set; } = ImmutableArray<IPAddress>.Empty;

        public bool Resolved { get; set; }

        public ITimer? Timer { get; set; }

        public void Fire() => _ = Owner.ResolveAsync(this);
    }
}
