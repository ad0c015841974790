using Google.Protobuf.WellKnownTypes;

namespace Proxy.Routing;

/// <summary>
/// What route translation needs from outside the route configuration itself: the factory for
/// <c>%...%</c> header value formatters, the random source (route <c>runtime_fraction</c> and weighted
/// cluster picks), and access to files and environment variables for direct response bodies
/// (<c>DataSource.filename</c> / <c>environment_variable</c>, read once at config time as Envoy does).
/// </summary>
public sealed class RouteTranslationContext
{
    /// <param name="formatterFactory">Builds a formatter for one header value template; may throw
    /// <see cref="Proxy.Filters.Extensions.ConfigException"/> for a bad template.</param>
    /// <param name="random">Per-request random values are drawn from it. It is used from many threads at
    /// once: pass <see cref="System.Random.Shared"/> in production; a seeded instance only in single-threaded tests.</param>
    /// <param name="readFile">Reads a direct response body file; defaults to <see cref="File.ReadAllBytes(string)"/>.</param>
    /// <param name="getEnvironmentVariable">Defaults to <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    /// <param name="filterConfigFactory">See <see cref="FilterConfigFactory"/>; by default every per-filter config is kept as received.</param>
    public RouteTranslationContext(
        Func<string, IHeaderValueFormatter> formatterFactory,
        Random? random = null,
        Func<string, byte[]>? readFile = null,
        Func<string, string?>? getEnvironmentVariable = null,
        Func<Any, string, object?>? filterConfigFactory = null)
    {
        FilterConfigFactory = filterConfigFactory ?? NoFilterConfigFactory;
        FormatterFactory = formatterFactory;
        Random = random ?? Random.Shared;
        ReadFile = readFile ?? File.ReadAllBytes;
        GetEnvironmentVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
    }

    public Func<string, IHeaderValueFormatter> FormatterFactory { get; }

    public Random Random { get; }

    public Func<string, byte[]> ReadFile { get; }

    public Func<string, string?> GetEnvironmentVariable { get; }

    /// <summary>
    /// Translates one typed_per_filter_config entry (the Any, and the field path for errors) with the factory of
    /// the HTTP filter that owns its type; null when no registered filter has a per-route config of that type.
    /// Throws <see cref="Proxy.Filters.Extensions.ConfigException"/> for a bad config.
    /// </summary>
    public Func<Any, string, object?> FilterConfigFactory { get; }

    private static object? NoFilterConfigFactory(Any config, string at) => null;
}
