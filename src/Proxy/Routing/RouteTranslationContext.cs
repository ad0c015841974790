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
    public RouteTranslationContext(
        Func<string, IHeaderValueFormatter> formatterFactory,
        Random? random = null,
        Func<string, byte[]>? readFile = null,
        Func<string, string?>? getEnvironmentVariable = null)
    {
        FormatterFactory = formatterFactory;
        Random = random ?? Random.Shared;
        ReadFile = readFile ?? File.ReadAllBytes;
        GetEnvironmentVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
    }

    public Func<string, IHeaderValueFormatter> FormatterFactory { get; }

    public Random Random { get; }

    public Func<string, byte[]> ReadFile { get; }

    public Func<string, string?> GetEnvironmentVariable { get; }
}
