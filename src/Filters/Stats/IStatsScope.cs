namespace Proxy.Filters.Stats;

/// <summary>
/// Where a filter or component gets its stats. Names are appended to the scope's prefix with a dot,
/// as Envoy does (<c>http.inbound_0.0.0.0_8080.</c> + <c>rbac.allowed</c>). Asking twice for the same
/// name returns the same object, so components look their stats up once, at config time, never per request.
/// </summary>
public interface IStatsScope
{
    /// <summary>The prefix, ending with a dot, or empty for the root scope.</summary>
    string Prefix { get; }

    Counter Counter(string name);

    Gauge Gauge(string name, GaugeImportMode importMode = GaugeImportMode.Accumulate);

    Histogram Histogram(string name, HistogramUnit unit);

    IStatsScope CreateScope(string name);
}
