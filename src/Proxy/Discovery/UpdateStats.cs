using Proxy.Filters.Stats;
using Proxy.Hashing;

namespace Proxy.Discovery;

/// <summary>
/// Envoy's subscription stats under one prefix (<c>cluster_manager.cds.</c>, <c>listener_manager.lds.</c>,
/// <c>http.&lt;prefix&gt;.rds.&lt;name&gt;.</c>, <c>cluster.&lt;name&gt;.</c> for EDS): update_attempt,
/// update_success, update_rejected, update_failure, update_empty, init_fetch_timeout and the version gauge, which
/// holds the XXH64 of the accepted version_info as Envoy's does.
/// </summary>
internal sealed class UpdateStats
{
    public UpdateStats(IStatsScope scope)
    {
        Attempt = scope.Counter("update_attempt");
        Success = scope.Counter("update_success");
        Rejected = scope.Counter("update_rejected");
        Failure = scope.Counter("update_failure");
        Empty = scope.Counter("update_empty");
        InitFetchTimeout = scope.Counter("init_fetch_timeout");
        ConfigReload = scope.Counter("config_reload");
        Version = scope.Gauge("version", GaugeImportMode.NeverImport);
        VersionText = string.Empty;
    }

    /// <summary>The scope's name, when the owner needs to tell several apart.</summary>
    public string Scope { get; init; } = string.Empty;

    public Counter Attempt { get; }

    public Counter Success { get; }

    public Counter Rejected { get; }

    public Counter Failure { get; }

    public Counter Empty { get; }

    public Counter InitFetchTimeout { get; }

    /// <summary>RDS: the configuration changed and was swapped in (Envoy's config_reload).</summary>
    public Counter ConfigReload { get; }

    public Gauge Version { get; }

    /// <summary>The last accepted version_info, for /config_dump.</summary>
    public string VersionText { get; private set; }

    public void Accepted(string version, int resourceCount)
    {
        Success.Inc();
        if (resourceCount == 0)
        {
            Empty.Inc();
        }

        VersionText = version;
        Version.Set((long)XxHash64.Hash(version.AsSpan()));
    }
}
