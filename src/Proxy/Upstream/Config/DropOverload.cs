namespace Proxy.Upstream.Config;

/// <summary><c>ClusterLoadAssignment.policy.drop_overloads[]</c>: drop this fraction of requests as <c>category</c>.</summary>
public sealed record DropOverload(string Category, double Fraction);
