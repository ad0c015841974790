namespace Proxy.Stats;

/// <summary>
/// One tag of a stat, as Envoy's <c>Stats::Tag</c>: a name (<c>envoy.cluster_name</c> for the built-in
/// extractors, the configured <c>tag_name</c> for custom ones) and the value taken out of the stat name.
/// Prometheus renders it as a label (name sanitized: <c>envoy_cluster_name="x"</c>).
/// </summary>
public readonly record struct StatTag(string Name, string Value);
