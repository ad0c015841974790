namespace Proxy.Filters.Formatting;

/// <summary>One <c>%NAME(argument):length%</c> as written; <see cref="MaxLength"/> is -1 when no length was given.</summary>
internal readonly record struct ParsedCommand(string Name, string Argument, int MaxLength);
