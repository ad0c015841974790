using Proxy.Filters.Extensions;

namespace Proxy.Filters.Formatting;

/// <summary>
/// An Envoy format string (<c>text_format</c>, <c>text_format_source</c>, FileAccessLog's <c>format</c>):
/// literals and command operators, printed in order. A command without a value prints "-", or nothing when
/// <c>omit_empty_values</c> is set. No newline is added: formats carry their own <c>\n</c>.
/// </summary>
public sealed class SubstitutionFormatter : Formatter
{
    private readonly FormatPart[] _parts;
    private readonly string _empty;

    private SubstitutionFormatter(string template, FormatPart[] parts, bool omitEmptyValues)
    {
        Template = template;
        _parts = parts;
        OmitEmptyValues = omitEmptyValues;
        _empty = omitEmptyValues ? string.Empty : "-";
    }

    public string Template { get; }

    public bool OmitEmptyValues { get; }

    /// <summary>Parses <paramref name="format"/>; throws <see cref="ConfigException"/> naming a bad or unknown command.</summary>
    public static SubstitutionFormatter Parse(string format, bool omitEmptyValues = false, FormatterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        return new SubstitutionFormatter(format, CommandParser.Parse(format, options ?? FormatterOptions.Default), omitEmptyValues);
    }

    internal override void FormatTo(in FormatContext context, LogBuffer output)
    {
        foreach (var part in _parts)
        {
            var start = output.Length;
            if (part.Write(context, output) == ValueKind.Null)
            {
                output.Truncate(start);
                output.Append(_empty);
            }
        }
    }
}
