using Proxy.Upstream.Hosts;
using Proxy.Upstream.LoadBalancing;

namespace Proxy.Upstream;

/// <summary>One immutable snapshot of a cluster's hosts and the load balancer built over them.</summary>
internal sealed record ClusterHosts(PrioritySet Hosts, ILoadBalancer LoadBalancer);
