using System.Net;
using Metadata = Envoy.Config.Core.V3.Metadata;
using Proxy.Upstream.Config;

namespace Proxy.Upstream.Hosts;

/// <summary>
/// One upstream endpoint at runtime. Its identity is stable: an update that still lists the same address
/// keeps this object, so health flags, stats and active request counts survive EDS and DNS refreshes.
/// Reads are lock-free; the control plane swaps the description and flags atomically.
/// </summary>
public sealed class Host
{
    private const int UnhealthyMask = (int)(HostHealthFlags.FailedActiveHealthCheck | HostHealthFlags.FailedOutlierCheck |
                                            HostHealthFlags.FailedEdsHealth);

    private const int DegradedMask = (int)(HostHealthFlags.DegradedActiveHealthCheck | HostHealthFlags.DegradedEdsHealth);

    private const int ExcludedMask = (int)(HostHealthFlags.PendingDynamicRemoval | HostHealthFlags.PendingActiveHealthCheck |
                                           HostHealthFlags.ExcludedViaImmediateHealthCheckFail);

    private const int EdsMask = (int)(HostHealthFlags.FailedEdsHealth | HostHealthFlags.DegradedEdsHealth |
                                      HostHealthFlags.EdsStatusDraining);

    private EndpointAddress _address;
    private HostDescription _description;
    private int _healthFlags;
    private HostStats? _stats;

    internal Host(EndpointAddress address, HostDescription description)
    {
        _address = address;
        _description = description;
        _healthFlags = EdsFlags(description.EdsHealthStatus);
    }

    /// <summary>Where to connect: an IPEndPoint, UnixDomainSocketEndPoint or <see cref="EnvoyInternalEndPoint"/>.</summary>
    public EndPoint Address => Volatile.Read(ref _address).EndPoint!;

    /// <summary>The translated address (what the next update recognizes this host by).</summary>
    internal EndpointAddress EndpointAddress => Volatile.Read(ref _address);

    /// <summary>The address as Envoy prints it: <c>10.0.0.1:80</c>, <c>[::1]:80</c> or the pipe path.</summary>
    public string AddressString => Volatile.Read(ref _address).AsString;

    /// <summary>The endpoint's hostname (<c>endpoint.hostname</c>, or the DNS name for DNS clusters); may be empty.</summary>
    public string Hostname => Volatile.Read(ref _description).Hostname;

    /// <summary>Load balancing weight, at least 1.</summary>
    public uint Weight => Volatile.Read(ref _description).Weight;

    public Locality Locality => Volatile.Read(ref _description).Locality;

    public int Priority => Volatile.Read(ref _description).Priority;

    /// <summary>Endpoint metadata (transport socket match, Istio labels); null when none.</summary>
    public Metadata? Metadata => Volatile.Read(ref _description).Metadata;

    public EndpointHealthCheckSettings? HealthCheck => Volatile.Read(ref _description).HealthCheck;

    /// <summary>The health status EDS last sent.</summary>
    public EndpointHealthStatus EdsHealthStatus => Volatile.Read(ref _description).EdsHealthStatus;

    public HostHealthFlags HealthFlags => (HostHealthFlags)Volatile.Read(ref _healthFlags);

    public HostHealth CoarseHealth
    {
        get
        {
            var flags = Volatile.Read(ref _healthFlags);
            return (flags & UnhealthyMask) != 0 ? HostHealth.Unhealthy
                : (flags & DegradedMask) != 0 ? HostHealth.Degraded
                : HostHealth.Healthy;
        }
    }

    public bool Healthy => CoarseHealth == HostHealth.Healthy;

    public bool Degraded => CoarseHealth == HostHealth.Degraded;

    /// <summary>Excluded hosts (pending removal or first health check) count in no load computation.</summary>
    public bool Excluded => (Volatile.Read(ref _healthFlags) & ExcludedMask) != 0;

    /// <summary>The host's counters, created when first touched: most hosts of a mesh never carry a request.</summary>
    public HostStats Stats => Volatile.Read(ref _stats) ?? CreateStats();

    /// <summary>Requests in flight on this host (<c>rq_active</c>), compared by least-request.</summary>
    public long ActiveRequests => Stats.RqActive;

    /// <summary>Call when a request starts on this host (rq_active + 1).</summary>
    public void IncrementActiveRequests() => Stats.IncRqActive();

    /// <summary>Call when a request on this host ends, whatever the outcome.</summary>
    public void DecrementActiveRequests() => Stats.DecRqActive();

    /// <summary>Sets health flags (health checker, outlier detector). Rebuild the PrioritySet afterwards.</summary>
    public void SetHealthFlags(HostHealthFlags flags) => Interlocked.Or(ref _healthFlags, (int)flags);

    /// <summary>Clears health flags. Rebuild the PrioritySet afterwards.</summary>
    public void ClearHealthFlags(HostHealthFlags flags) => Interlocked.And(ref _healthFlags, ~(int)flags);

    public override string ToString() => AddressString;

    /// <summary>LOGICAL_DNS: the logical host keeps its identity; new connections go to the newly resolved address.</summary>
    internal void SetAddress(EndpointAddress address) => Volatile.Write(ref _address, address);

    /// <summary>An update listing this address again: new weight/metadata/EDS health, same host.</summary>
    internal void Update(HostDescription description)
    {
        Volatile.Write(ref _description, description);
        var eds = EdsFlags(description.EdsHealthStatus);
        int current, next;
        do
        {
            current = Volatile.Read(ref _healthFlags);
            next = (current & ~EdsMask) | eds;
        }
        while (Interlocked.CompareExchange(ref _healthFlags, next, current) != current);
    }

    private HostStats CreateStats()
    {
        Interlocked.CompareExchange(ref _stats, new HostStats(), null);
        return Volatile.Read(ref _stats)!;
    }

    /// <summary>EDS health to flags, as Envoy's <c>HostImpl::healthFlagsSetFromProto</c>.</summary>
    private static int EdsFlags(EndpointHealthStatus status) => status switch
    {
        EndpointHealthStatus.Unhealthy or EndpointHealthStatus.Timeout => (int)HostHealthFlags.FailedEdsHealth,
        EndpointHealthStatus.Draining => (int)(HostHealthFlags.FailedEdsHealth | HostHealthFlags.EdsStatusDraining),
        EndpointHealthStatus.Degraded => (int)HostHealthFlags.DegradedEdsHealth,
        _ => 0,
    };
}
