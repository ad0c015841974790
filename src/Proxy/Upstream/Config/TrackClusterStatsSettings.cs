namespace Proxy.Upstream.Config;

/// <summary><c>track_cluster_stats</c> (and the legacy <c>track_timeout_budgets</c>): optional cluster stats.</summary>
public sealed record TrackClusterStatsSettings(bool TimeoutBudgets, bool RequestResponseSizes, bool PerEndpointStats)
{
    public static readonly TrackClusterStatsSettings None = new(false, false, false);
}
