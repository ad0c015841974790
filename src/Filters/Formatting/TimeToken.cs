namespace Proxy.Filters.Formatting;

/// <summary>One compiled piece of a <see cref="TimeFormat"/>: a literal or a field with its width and padding.</summary>
internal readonly record struct TimeToken(TimeField Field, string? Literal, int Digits, char Pad);
