namespace Proxy.Stats;

/// <summary>The <c>format=</c> parameter of /stats (/stats/prometheus is <see cref="Prometheus"/>).</summary>
public enum StatsFormat
{
    Text,
    Json,
    Prometheus,
}
