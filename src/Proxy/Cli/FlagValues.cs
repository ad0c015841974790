using System.Globalization;
using Microsoft.Extensions.Logging;
using Proxy.Logging;

namespace Proxy.Cli;

/// <summary>Conversions of flag values, each failing with a <see cref="UsageException"/> that names the flag.</summary>
internal static class FlagValues
{
    public static uint UInt32(string flag, string value) =>
        uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new UsageException($"{flag}: expected a non-negative integer, got '{value}'");

    public static uint Octal(string flag, string value)
    {
        try
        {
            return value.Length > 0 && value.All(c => c is >= '0' and <= '7')
                ? Convert.ToUInt32(value, 8)
                : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new UsageException($"{flag}: invalid socket mode '{value}' (expected octal, e.g. 600)");
        }
    }

    public static T Choice<T>(string flag, string value, params (string Name, T Value)[] choices)
    {
        foreach (var (name, choice) in choices)
        {
            if (name == value)
            {
                return choice;
            }
        }

        throw new UsageException($"{flag}: unknown value '{value}' (expected {string.Join(", ", choices.Select(c => c.Name))})");
    }

    public static LogLevel Level(string flag, string value) =>
        LogLevelNames.TryParse(value, out var level)
            ? level
            : throw new UsageException($"{flag}: invalid log level '{value}' (expected one of {string.Join(", ", LogLevelNames.All)}, or warn)");

    /// <summary>--component-log-level upstream:debug,config:trace (Envoy's OptionsImpl::parseComponentLogLevels).</summary>
    public static IReadOnlyList<KeyValuePair<string, LogLevel>> ComponentLevels(string flag, string value)
    {
        var result = new List<KeyValuePair<string, LogLevel>>();
        if (value.Length == 0)
        {
            return result;
        }

        foreach (var item in value.Split(','))
        {
            var parts = item.Split(':');
            if (parts.Length != 2)
            {
                throw new UsageException($"{flag}: component log level not correctly specified '{item}' (expected component:level)");
            }

            var level = Level(flag, parts[1]);
            if (!LoggerComponents.IsKnown(parts[0]))
            {
                throw new UsageException($"{flag}: invalid component specified '{parts[0]}'");
            }

            result.Add(new(parts[0], level));
        }

        return result;
    }

    /// <summary>--stats-tag name:value; names are [A-Za-z0-9_], values may not contain '.' (Envoy's TagUtility).</summary>
    public static StatsTag Tag(string flag, string value)
    {
        var colon = value.IndexOf(':');
        if (colon < 0)
        {
            throw new UsageException($"{flag}: misformatted stats-tag '{value}' (expected name:value)");
        }

        var name = value[..colon];
        var tagValue = value[(colon + 1)..];
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new UsageException($"{flag}: misformatted stats-tag '{value}' contains invalid char in '{name}'");
        }

        if (tagValue.Contains('.', StringComparison.Ordinal))
        {
            throw new UsageException($"{flag}: misformatted stats-tag '{value}' contains invalid char in '{tagValue}'");
        }

        return new StatsTag(name, tagValue);
    }
}
