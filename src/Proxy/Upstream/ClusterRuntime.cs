using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Proxy.Upstream.Config;
using Proxy.Upstream.Connections;
using Proxy.Upstream.Hosts;
using Proxy.Upstream.Http1;
using Proxy.Upstream.LoadBalancing;
using Proxy.Upstream.OriginalDst;

namespace Proxy.Upstream;

/// <summary>
/// A cluster at run time: its validated config, its current hosts and load balancer (swapped as one
/// snapshot when endpoints change, never locked per request), its connection pools and its stats.
/// The runtime object keeps its identity while only endpoints change, so pools and LB state survive.
/// </summary>
internal sealed class ClusterRuntime : IDisposable
{
    private readonly Random _random;
    // Created on first use: most of a mesh's thousands of clusters never carry a request, and these are about
    // 1.5 KB per cluster when created eagerly.
    private readonly Lock _gate = new();
    private ConcurrentDictionary<Host, string>? _uriPrefixes;
    private ConcurrentDictionary<string, Host>? _socketHosts;
    private UpstreamHttpClient? _http1;
    private UpstreamHttpClient? _http2;
    private Http1Client? _http1Codec;
    private ClusterHosts _hosts;
    private int _nextSocketKey;

    public ClusterRuntime(ClusterConfig config, ClusterStats stats, TimeProvider time, Random random)
    {
        Config = config;
        Stats = stats;
        Time = time;
        _random = random;
        var keepalive = config.TcpKeepalive;
        Connect = new ConnectSettings
        {
            ConnectTimeout = config.ConnectTimeout,
            SourceAddress = config.UpstreamBind?.SourceAddress,
            KeepAliveTime = keepalive?.Time is { } t ? (int)t.TotalSeconds : keepalive is null ? null : 7200,
            KeepAliveInterval = keepalive?.Interval is { } i ? (int)i.TotalSeconds : null,
            KeepAliveProbes = keepalive?.Probes is { } p ? (int)p : null,
            Time = time,
        };
        _hosts = new ClusterHosts(PrioritySet.Empty, LoadBalancerFactory.Create(config.LoadBalancer, PrioritySet.Empty, random));
        if (config.DiscoveryType == ClusterDiscoveryType.OriginalDst)
        {
            OriginalDst = new OriginalDstHosts(this);
        }
    }

    public ClusterConfig Config { get; }

    public string Name => Config.Name;

    public ClusterStats Stats { get; }

    public TimeProvider Time { get; }

    public ConnectSettings Connect { get; }

    public ClusterHosts Hosts => Volatile.Read(ref _hosts);

    /// <summary>For ORIGINAL_DST clusters, where hosts come from: pick with it instead of <see cref="ChooseHost"/>; else null.</summary>
    public OriginalDstHosts? OriginalDst { get; }

    /// <summary>True once hosts arrived (static and DNS clusters at start; EDS when its first update came).</summary>
    public bool Initialized { get; private set; }

    /// <summary>Publishes a new host snapshot: a new load balancer over it, membership stats updated.</summary>
    public void UpdateHosts(PrioritySet hosts)
    {
        Stats.UpdateAttempt.Inc();
        var next = new ClusterHosts(hosts, LoadBalancerFactory.Create(Config.LoadBalancer, hosts, _random));
        Volatile.Write(ref _hosts, next);
        Initialized = true;
        Stats.UpdateSuccess.Inc();
        Stats.MembershipChange.Inc();
        RefreshMembership(hosts);
        Volatile.Read(ref _http1Codec)?.ForgetRemovedHosts(hosts);
    }

    public Host? ChooseHost(ulong? hash, Host? avoid = null)
    {
        var hosts = Volatile.Read(ref _hosts);
        return hosts.LoadBalancer.ChooseHost(new LoadBalancerContext(_random, hash, avoid));
    }

    /// <summary>The client of HTTP/1.1 requests other than upgrades (our own codec).</summary>
    public Http1Client Http1 => Volatile.Read(ref _http1Codec) ?? Created(ref _http1Codec, () => new Http1Client(this));

    /// <summary>SocketsHttpHandler: HTTP/2 requests, and HTTP/1.1 upgrades (WebSocket).</summary>
    public HttpMessageInvoker HttpClient(bool http2) => (http2 ? Volatile.Read(ref _http2) ?? Client(http2: true) : Volatile.Read(ref _http1) ?? Client(http2: false)).Invoker;

    /// <summary>
    /// The scheme and authority a request to <paramref name="host"/> uses: the host's own address, so
    /// SocketsHttpHandler pools per host; Unix sockets get a stable made-up name resolved in the connect callback.
    /// </summary>
    public string UriPrefix(Host host) =>
        (Volatile.Read(ref _uriPrefixes) ?? Created(ref _uriPrefixes, () => new ConcurrentDictionary<Host, string>(ReferenceEqualityComparer.Instance)))
            .GetOrAdd(host, static (h, self) => self.BuildPrefix(h), this);

    /// <summary>Maps the authority SocketsHttpHandler connects to back to the host.</summary>
    public bool TryResolveAuthority(string authority, int port, out Host host)
    {
        if (Volatile.Read(ref _socketHosts) is { } socketHosts && socketHosts.TryGetValue(authority, out host!))
        {
            return true;
        }

        if (IPAddress.TryParse(authority, out var ip))
        {
            var key = ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]:{port}" : $"{ip}:{port}";
            var found = Hosts.Hosts.FindHost(key);
            if (found is not null)
            {
                host = found;
                return true;
            }
        }

        host = null!;
        return false;
    }

    /// <summary>
    /// Opens a connection to <paramref name="host"/> with the cluster's connect settings, counted in
    /// upstream_cx_connect_ms and upstream_cx_http1/2_total, or in upstream_cx_connect_fail (and _timeout).
    /// </summary>
    /// <exception cref="SocketException">Refused, unreachable, or timed out (SocketError.TimedOut).</exception>
    public async ValueTask<Socket> ConnectAsync(Host host, bool http2, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        try
        {
            var socket = await UpstreamConnector.ConnectAsync(host.Address, Connect, cancellationToken).ConfigureAwait(false);
            Stats.UpstreamCxConnectMs.Record(Time.GetElapsedTime(started).TotalMilliseconds);
            (http2 ? Stats.UpstreamCxHttp2Total : Stats.UpstreamCxHttp1Total).Inc();
            return socket;
        }
        catch (SocketException e)
        {
            Stats.UpstreamCxConnectFail.Inc();
            host.Stats.IncCxConnectFail();
            if (e.SocketErrorCode == SocketError.TimedOut)
            {
                Stats.UpstreamCxConnectTimeout.Inc();
            }

            throw;
        }
    }

    public void Dispose()
    {
        OriginalDst?.Dispose();
        lock (_gate)
        {
            _http1?.Dispose();
            _http2?.Dispose();
            _http1Codec?.Dispose();
        }
    }

    private string BuildPrefix(Host host)
    {
        if (host.Address is IPEndPoint ip)
        {
            return ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"http://[{ip.Address}]:{ip.Port}" : $"http://{ip.Address}:{ip.Port}";
        }

        var key = "socket-" + Interlocked.Increment(ref _nextSocketKey) + ".invalid";
        (Volatile.Read(ref _socketHosts) ?? Created(ref _socketHosts, () => new ConcurrentDictionary<string, Host>(StringComparer.Ordinal)))[key] = host;
        return "http://" + key;
    }

    private UpstreamHttpClient Client(bool http2)
    {
        lock (_gate)
        {
            ref var slot = ref http2 ? ref _http2 : ref _http1;
            if (slot is null)
            {
                Volatile.Write(ref slot, new UpstreamHttpClient(this, http2));
            }

            return slot;
        }
    }

    private T Created<T>(ref T? slot, Func<T> create)
        where T : class
    {
        lock (_gate)
        {
            if (slot is null)
            {
                Volatile.Write(ref slot, create());
            }

            return slot;
        }
    }

    private void RefreshMembership(PrioritySet hosts)
    {
        long healthy = 0, degraded = 0, excluded = 0;
        foreach (var host in hosts.AllHosts)
        {
            if (host.Excluded)
            {
                excluded++;
            }
            else if (host.Healthy)
            {
                healthy++;
            }
            else if (host.Degraded)
            {
                degraded++;
            }
        }

        Stats.MembershipHealthy.Set(healthy);
        Stats.MembershipDegraded.Set(degraded);
        Stats.MembershipExcluded.Set(excluded);
        Stats.MembershipTotal.Set(hosts.AllHosts.Length);
    }
}
