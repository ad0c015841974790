using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Proxy.Filters.Stats;

namespace Proxy.Stats;

/// <summary>
/// The proxy's stats store and its root scope (prefix ""). A stat is created on first request and
/// the same name returns the same object afterwards; creation runs tag extraction and the stats
/// matcher once (config time), never per request. Rejected names (stats_config.stats_matcher) are neither
/// exported nor found by name: a rejected counter is <see cref="Counter.Null"/> (drops increments, reads 0, as
/// Envoy's null counter), rejected histograms of one unit and bucket set share a sink, and a rejected gauge or
/// text readout is a working, unregistered stat carrying <see cref="RejectedName"/>, because the proxy reads some
/// gauges back (the router's circuit breaker reads upstream_rq_active).
/// </summary>
public sealed class StatsStore : IStatsScope
{
    /// <summary>
    /// The name a rejected stat carries: it is never exported nor looked up, and a mesh's clusters create tens
    /// of thousands of them (Istio's stats matcher keeps almost no per-cluster stat), so they keep no copy of
    /// their full name.
    /// </summary>
    public const string RejectedName = "";

    private readonly ConcurrentDictionary<string, RegisteredStat<Counter>> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RegisteredStat<Gauge>> _gauges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RegisteredHistogram> _histograms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RegisteredStat<TextReadout>> _textReadouts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _customNamespaces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(HistogramUnit Unit, double[]? Buckets), Histogram> _rejectedHistograms = new();

    // Names up to this length are composed on the stack when a scope asks for a stat: a rejected one (most of a
    // mesh's per-cluster stats under Istio's matcher) then never becomes a string.
    private const int StackName = 512;

    private readonly ConcurrentDictionary<string, RegisteredStat<Counter>>.AlternateLookup<ReadOnlySpan<char>> _counterNames;
    private readonly ConcurrentDictionary<string, RegisteredStat<Gauge>>.AlternateLookup<ReadOnlySpan<char>> _gaugeNames;
    private readonly ConcurrentDictionary<string, RegisteredHistogram>.AlternateLookup<ReadOnlySpan<char>> _histogramNames;

    public StatsStore(StatsOptions? options = null)
    {
        Options = options ?? StatsOptions.Default;
        _counterNames = _counters.GetAlternateLookup<ReadOnlySpan<char>>();
        _gaugeNames = _gauges.GetAlternateLookup<ReadOnlySpan<char>>();
        _histogramNames = _histograms.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public StatsOptions Options { get; }

    public string Prefix => string.Empty;

    public Counter Counter(string name) => CounterFromFullName(name);

    public Gauge Gauge(string name, GaugeImportMode importMode = GaugeImportMode.Accumulate) =>
        GaugeFromFullName(name, importMode);

    public Histogram Histogram(string name, HistogramUnit unit) => HistogramFromFullName(name, unit);

    /// <summary>A scope named <paramref name="name"/> (sanitized as Envoy's scope names; empty gives the root prefix).</summary>
    public StatsScope CreateScope(string name) => StatsScope.Create(this, string.Empty, name);

    IStatsScope IStatsScope.CreateScope(string name) => CreateScope(name);

    /// <summary>A text readout (Envoy's <c>TextReadout</c>), e.g. <c>control_plane.identifier</c>.</summary>
    public TextReadout TextReadout(string name) => TextReadoutFromFullName(name);

    /// <summary>
    /// A counter with explicit tags (Envoy's <c>counterFromStatNameWithTags</c>, used by Istio's stats
    /// filter): the full name is <c>name.tag1.value1.tag2.value2…</c>, the tag-extracted name is
    /// <paramref name="name"/> and the tags are exactly these (plus the fixed tags); no extractor runs.
    /// </summary>
    public Counter CounterWithTags(string name, IReadOnlyList<KeyValuePair<string, string>> tags) =>
        CounterFromFullName(JoinNameAndTags(name, tags), name, tags);

    /// <summary>A gauge with explicit tags; see <see cref="CounterWithTags"/>.</summary>
    public Gauge GaugeWithTags(
        string name,
        IReadOnlyList<KeyValuePair<string, string>> tags,
        GaugeImportMode importMode = GaugeImportMode.Accumulate) =>
        GaugeFromFullName(JoinNameAndTags(name, tags), importMode, name, tags);

    /// <summary>A histogram with explicit tags; see <see cref="CounterWithTags"/>.</summary>
    public Histogram HistogramWithTags(string name, IReadOnlyList<KeyValuePair<string, string>> tags, HistogramUnit unit) =>
        HistogramFromFullName(JoinNameAndTags(name, tags), unit, name, tags);

    /// <summary>
    /// Registers a custom stat namespace (Envoy's <c>CustomStatNamespaces</c>; Istio's stats filter
    /// registers <c>istiocustom</c>, Wasm <c>wasmcustom</c>): Prometheus output strips it and adds no
    /// <c>envoy_</c> prefix, so <c>istiocustom.istio_requests_total</c> becomes <c>istio_requests_total</c>.
    /// </summary>
    public void RegisterCustomNamespace(string name) => _customNamespaces.TryAdd(name, 0);

    /// <summary>Finds a registered counter by its full name (e.g. <c>cluster_manager.cds.update_success</c>).</summary>
    public bool TryGetCounter(string name, [NotNullWhen(true)] out Counter? counter)
    {
        counter = _counters.TryGetValue(name, out var registered) ? registered.Stat : null;
        return counter is not null;
    }

    /// <summary>Finds a registered gauge by its full name (e.g. <c>server.state</c>, <c>listener_manager.workers_started</c>).</summary>
    public bool TryGetGauge(string name, [NotNullWhen(true)] out Gauge? gauge)
    {
        gauge = _gauges.TryGetValue(name, out var registered) ? registered.Stat : null;
        return gauge is not null;
    }

    public bool TryGetHistogram(string name, [NotNullWhen(true)] out Histogram? histogram)
    {
        histogram = _histograms.TryGetValue(name, out var registered) ? registered.Stat : null;
        return histogram is not null;
    }

    public bool TryGetTextReadout(string name, [NotNullWhen(true)] out TextReadout? textReadout)
    {
        textReadout = _textReadouts.TryGetValue(name, out var registered) ? registered.Stat : null;
        return textReadout is not null;
    }

    /// <summary>
    /// Closes the histograms' interval (call every <c>stats_flush_interval</c>, 5 s by default): the
    /// "interval" quantiles of /stats then describe the last completed period.
    /// </summary>
    public void MergeHistograms()
    {
        foreach (var histogram in _histograms.Values)
        {
            histogram.Merge();
        }
    }

    /// <summary>A moment's copy of the registered counters, for rendering.</summary>
    public IReadOnlyList<RegisteredStat<Counter>> Counters() => [.. _counters.Values];

    public IReadOnlyList<RegisteredStat<Gauge>> Gauges() => [.. _gauges.Values];

    public IReadOnlyList<RegisteredHistogram> Histograms() => [.. _histograms.Values];

    public IReadOnlyList<RegisteredStat<TextReadout>> TextReadouts() => [.. _textReadouts.Values];

    /// <summary>
    /// Envoy's <c>stripRegisteredPrefix</c>: when the name's first token is a registered custom
    /// namespace, the rest of the name; otherwise null.
    /// </summary>
    public string? StripCustomNamespace(string tagExtractedName)
    {
        if (_customNamespaces.IsEmpty)
        {
            return null;
        }

        var dot = tagExtractedName.IndexOf('.');
        return dot > 0 && _customNamespaces.ContainsKey(tagExtractedName[..dot]) ? tagExtractedName[(dot + 1)..] : null;
    }

    /// <summary>The counter <paramref name="prefix"/> + <paramref name="name"/>; the name is made a string only when it is kept.</summary>
    internal Counter CounterIn(string prefix, string name)
    {
        if (prefix.Length + name.Length > StackName)
        {
            return CounterFromFullName(prefix + name);
        }

        Span<char> buffer = stackalloc char[StackName];
        var full = Compose(prefix, name, buffer);
        if (_counterNames.TryGetValue(full, out var existing))
        {
            return existing.Stat;
        }

        return Options.Matcher.Rejects(full) ? Proxy.Filters.Stats.Counter.Null : CounterFromFullName(full.ToString());
    }

    internal Gauge GaugeIn(string prefix, string name, GaugeImportMode importMode)
    {
        if (prefix.Length + name.Length > StackName)
        {
            return GaugeFromFullName(prefix + name, importMode);
        }

        Span<char> buffer = stackalloc char[StackName];
        var full = Compose(prefix, name, buffer);
        if (_gaugeNames.TryGetValue(full, out var existing))
        {
            return existing.Stat;
        }

        return Options.Matcher.Rejects(full) ? new Gauge(RejectedName, importMode) : GaugeFromFullName(full.ToString(), importMode);
    }

    internal Histogram HistogramIn(string prefix, string name, HistogramUnit unit)
    {
        if (prefix.Length + name.Length > StackName)
        {
            return HistogramFromFullName(prefix + name, unit);
        }

        Span<char> buffer = stackalloc char[StackName];
        var full = Compose(prefix, name, buffer);
        if (_histogramNames.TryGetValue(full, out var existing))
        {
            return existing.Stat;
        }

        return Options.Matcher.Rejects(full) ? RejectedHistogram(unit, Options.HistogramBuckets.BucketsFor(full)) : HistogramFromFullName(full.ToString(), unit);
    }

    internal Counter CounterFromFullName(
        string fullName,
        string? tagExtractedName = null,
        IReadOnlyList<KeyValuePair<string, string>>? explicitTags = null)
    {
        if (_counters.TryGetValue(fullName, out var existing))
        {
            return existing.Stat;
        }

        if (Options.Matcher.Rejects(fullName))
        {
            return Proxy.Filters.Stats.Counter.Null;
        }

        return _counters.GetOrAdd(fullName, new RegisteredStat<Counter>(new Counter(fullName), fullName, Naming(fullName, tagExtractedName, explicitTags))).Stat;
    }

    internal Gauge GaugeFromFullName(
        string fullName,
        GaugeImportMode importMode,
        string? tagExtractedName = null,
        IReadOnlyList<KeyValuePair<string, string>>? explicitTags = null)
    {
        if (_gauges.TryGetValue(fullName, out var existing))
        {
            return existing.Stat;
        }

        if (Options.Matcher.Rejects(fullName))
        {
            return new Gauge(RejectedName, importMode);
        }

        return _gauges.GetOrAdd(fullName, new RegisteredStat<Gauge>(new Gauge(fullName, importMode), fullName, Naming(fullName, tagExtractedName, explicitTags))).Stat;
    }

    internal Histogram HistogramFromFullName(
        string fullName,
        HistogramUnit unit,
        string? tagExtractedName = null,
        IReadOnlyList<KeyValuePair<string, string>>? explicitTags = null)
    {
        if (_histograms.TryGetValue(fullName, out var existing))
        {
            return existing.Stat;
        }

        var buckets = Options.HistogramBuckets.BucketsFor(fullName);
        if (Options.Matcher.Rejects(fullName))
        {
            return RejectedHistogram(unit, buckets);
        }

        var histogram = new Histogram(fullName, unit, buckets);
        return _histograms.GetOrAdd(fullName, new RegisteredHistogram(histogram, fullName, Naming(fullName, tagExtractedName, explicitTags))).Stat;
    }

    private static ReadOnlySpan<char> Compose(string prefix, string name, Span<char> buffer)
    {
        prefix.CopyTo(buffer);
        name.CopyTo(buffer[prefix.Length..]);
        return buffer[..(prefix.Length + name.Length)];
    }

    // Nothing reads a rejected histogram, so one sink per unit and bucket set serves them all (Envoy's null
    // histogram); each would otherwise keep its own bucket arrays, about 0.5 KB.
    private Histogram RejectedHistogram(HistogramUnit unit, double[]? buckets) =>
        _rejectedHistograms.GetOrAdd((unit, buckets), static key => new Histogram(RejectedName, key.Unit, key.Buckets));

    internal TextReadout TextReadoutFromFullName(string fullName)
    {
        if (_textReadouts.TryGetValue(fullName, out var existing))
        {
            return existing.Stat;
        }

        if (Options.Matcher.Rejects(fullName))
        {
            return new TextReadout(fullName);
        }

        return _textReadouts.GetOrAdd(fullName, new RegisteredStat<TextReadout>(new TextReadout(fullName), fullName, Naming(fullName, null, null))).Stat;
    }

    /// <summary>Envoy's <c>TagStatNameJoiner::joinNameAndTags</c>: name, then each tag's name and value, dot-joined.</summary>
    internal static string JoinNameAndTags(string name, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var sb = new System.Text.StringBuilder(name);
        foreach (var (tagName, tagValue) in tags)
        {
            sb.Append('.').Append(tagName).Append('.').Append(tagValue);
        }

        return sb.ToString();
    }

    private StatNaming Naming(string fullName, string? tagExtractedName, IReadOnlyList<KeyValuePair<string, string>>? explicitTags) =>
        new(Options.TagProducer, fullName, tagExtractedName, explicitTags);
}
