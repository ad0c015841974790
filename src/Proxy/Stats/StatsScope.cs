using Proxy.Filters.Stats;

namespace Proxy.Stats;

/// <summary>
/// A scope of the <see cref="StatsStore"/>: a prefix ending with a dot (<c>cluster.outbound|80||a.svc.</c>)
/// prepended to every stat name. Scope names are sanitized as Envoy's <c>sanitizeStatsName</c> does.
/// </summary>
public sealed class StatsScope : IStatsScope
{
    private readonly StatsStore _store;

    private StatsScope(StatsStore store, string prefix)
    {
        _store = store;
        Prefix = prefix;
    }

    public string Prefix { get; }

    public Counter Counter(string name) => name.Length == 0 ? _store.CounterFromFullName(Join(name)) : _store.CounterIn(Prefix, name);

    public Gauge Gauge(string name, GaugeImportMode importMode = GaugeImportMode.Accumulate) =>
        name.Length == 0 ? _store.GaugeFromFullName(Join(name), importMode) : _store.GaugeIn(Prefix, name, importMode);

    public Histogram Histogram(string name, HistogramUnit unit) =>
        name.Length == 0 ? _store.HistogramFromFullName(Join(name), unit) : _store.HistogramIn(Prefix, name, unit);

    public StatsScope CreateScope(string name) => Create(_store, Prefix, name);

    IStatsScope IStatsScope.CreateScope(string name) => CreateScope(name);

    public TextReadout TextReadout(string name) => _store.TextReadoutFromFullName(Join(name));

    /// <summary>A counter with explicit tags under this scope; see <see cref="StatsStore.CounterWithTags"/>.</summary>
    public Counter CounterWithTags(string name, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var extracted = Join(name);
        return _store.CounterFromFullName(StatsStore.JoinNameAndTags(extracted, tags), extracted, tags);
    }

    public Gauge GaugeWithTags(
        string name,
        IReadOnlyList<KeyValuePair<string, string>> tags,
        GaugeImportMode importMode = GaugeImportMode.Accumulate)
    {
        var extracted = Join(name);
        return _store.GaugeFromFullName(StatsStore.JoinNameAndTags(extracted, tags), importMode, extracted, tags);
    }

    public Histogram HistogramWithTags(string name, IReadOnlyList<KeyValuePair<string, string>> tags, HistogramUnit unit)
    {
        var extracted = Join(name);
        return _store.HistogramFromFullName(StatsStore.JoinNameAndTags(extracted, tags), unit, extracted, tags);
    }

    internal static StatsScope Create(StatsStore store, string parentPrefix, string name)
    {
        var sanitized = Sanitize(name);
        return new StatsScope(store, sanitized.Length == 0 ? parentPrefix : parentPrefix + sanitized + ".");
    }

    /// <summary>
    /// Envoy's <c>Stats::Utility::sanitizeStatsName</c> for scope names: one leading and one trailing
    /// dot dropped, and "://", ":/", ":" and NUL replaced by "_".
    /// </summary>
    internal static string Sanitize(string name)
    {
        var span = name.AsSpan();
        if (span.EndsWith("."))
        {
            span = span[..^1];
        }

        if (span.StartsWith("."))
        {
            span = span[1..];
        }

        var result = span.ToString();
        if (result.Contains(':') || result.Contains('\0'))
        {
            result = result.Replace("://", "_", StringComparison.Ordinal)
                .Replace(":/", "_", StringComparison.Ordinal)
                .Replace(":", "_", StringComparison.Ordinal)
                .Replace("\0", "_", StringComparison.Ordinal);
        }

        return result;
    }

    // Envoy joins prefix and name as symbol-table elements: an empty name adds nothing.
    private string Join(string name) => name.Length == 0 && Prefix.Length != 0 ? Prefix[..^1] : Prefix + name;
}
