namespace Proxy.Filters.Stats;

/// <summary>The unit a histogram records in, as Envoy's <c>Histogram::Unit</c>.</summary>
public enum HistogramUnit
{
    Unspecified,
    Bytes,
    Microseconds,
    Milliseconds,
    Percent,
}
