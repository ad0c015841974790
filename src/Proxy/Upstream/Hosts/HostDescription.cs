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
    EndpointHealthStatus EdsHealthStatus);
