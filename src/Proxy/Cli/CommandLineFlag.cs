namespace Proxy.Cli;

/// <summary>One flag: its spellings, how it takes a value, its --help line and how it changes the options.</summary>
/// <param name="Apply">Returns the options with the flag applied; throws <see cref="UsageException"/> for a bad value.</param>
internal sealed record CommandLineFlag(
    string Long,
    string? Short,
    FlagKind Kind,
    string ValueName,
    string Help,
    Func<ProxyOptions, string, string, ProxyOptions> Apply);
