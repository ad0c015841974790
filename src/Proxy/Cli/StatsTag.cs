namespace Proxy.Cli;

/// <summary>One <c>--stats-tag name:value</c>: a tag added to every stat.</summary>
public readonly record struct StatsTag(string Name, string Value);
