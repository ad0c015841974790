namespace Proxy.Http.ConnectionManager;

/// <summary>The bootstrap node's id and cluster, for add_user_agent (x-envoy-downstream-service-*).</summary>
internal sealed record NodeIdentity(string Id, string Cluster);
