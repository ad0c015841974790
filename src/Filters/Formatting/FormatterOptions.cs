namespace Proxy.Filters.Formatting;

/// <summary>
/// What formatters read from the outside world, injected so tests control it: the clock (durations of
/// entries written before the stream completed, <c>%EMIT_TIME%</c>), randomness (<c>%UNIQUE_ID%</c>),
/// environment variables (<c>%ENVIRONMENT(X)%</c>, read once at parse time as Envoy does) and the host name.
/// </summary>
public sealed record FormatterOptions
{
    public static FormatterOptions Default { get; } = new();

    /// <summary>The clock whose timestamps <see cref="StreamInfo.StreamInfo"/> holds.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Used concurrently by every request: must be thread-safe (<see cref="Random.Shared"/>) outside tests.</summary>
    public Random Random { get; init; } = Random.Shared;

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The value of <c>%HOSTNAME%</c>; null asks the system (gethostname) when a format uses it.</summary>
    public string? HostName { get; init; }
}
