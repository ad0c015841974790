namespace Proxy.Filters.Stats;

/// <summary>Envoy's gauge import modes across hot restarts; kept for naming parity in /stats?format=json.</summary>
public enum GaugeImportMode
{
    Accumulate,
    NeverImport,
}
