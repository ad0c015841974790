namespace Proxy.Stats;

/// <summary>The <c>type=</c> parameter of /stats.</summary>
public enum StatsType
{
    All,
    Counters,
    Gauges,
    Histograms,
    TextReadouts,
}
