using Metadata = Envoy.Config.Core.V3.Metadata;
using Proxy.Upstream.Config;

namespace Proxy.Upstream.Hosts;

/// <summary>
/// The configured, replaceable part of a host (what a new EDS update may change while the host object, and its
/// state, stays). Swapped as one object so readers never see half an update.
/// </summary>
internal sealed record HostDescription(
    string Hostname,
    uint Weight,
    Locality Locality,
    int Priority,
    Metadata? Metadata,
    EndpointHealthCheckSettings? HealthCheck,
    EndpointHealthStatus EdsHealthStatus)
{
    /// <summary>
    /// Equality for sharing one description between hosts: metadata and health check settings by reference
    /// (endpoint metadata is interned, so equal values are one instance), everything else by value. Cheaper than
    /// the record's equality, which would compare and hash metadata structurally.
    /// </summary>
    public static IEqualityComparer<HostDescription> SharingComparer { get; } = new Sharing();

    private sealed class Sharing : IEqualityComparer<HostDescription>
    {
        public bool Equals(HostDescription? x, HostDescription? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null &&
                string.Equals(x.Hostname, y.Hostname, StringComparison.Ordinal) && x.Weight == y.Weight &&
                x.Locality == y.Locality && x.Priority == y.Priority && ReferenceEquals(x.Metadata, y.Metadata) &&
                ReferenceEquals(x.HealthCheck, y.HealthCheck) && x.EdsHealthStatus == y.EdsHealthStatus);

        public int GetHashCode(HostDescription obj) =>
            HashCode.Combine(obj.Hostname, obj.Weight, obj.Locality, obj.Priority,
                System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Metadata), obj.EdsHealthStatus);
    }
}
