using System.Text;
using Microsoft.Extensions.Logging;

namespace Proxy.Logging;

/// <summary>
/// The live level of every Envoy logger component: what <c>-l</c> and <c>--component-log-level</c> set at
/// startup and what admin <c>/logging</c> reads and changes at run time. Reads are lock-free (one volatile
/// int per component), so <see cref="IsEnabled"/> may be called on the data path.
/// </summary>
public sealed class LogLevels
{
    private readonly int[] _levels;

    public LogLevels(LogLevel initial = LogLevel.Information)
    {
        _levels = new int[LoggerComponents.All.Count];
        Array.Fill(_levels, (int)initial);
    }

    /// <summary>Whether an event of <paramref name="level"/> for the component at <paramref name="componentIndex"/> is written.</summary>
    public bool IsEnabled(int componentIndex, LogLevel level)
    {
        var threshold = (LogLevel)Volatile.Read(ref _levels[componentIndex]);
        return level != LogLevel.None && threshold != LogLevel.None && level >= threshold;
    }

    /// <summary>The component's level; <see cref="LogLevel.None"/> ("off") for an unknown component.</summary>
    public LogLevel Get(string component)
    {
        var index = LoggerComponents.IndexOf(component);
        return index < 0 ? LogLevel.None : (LogLevel)Volatile.Read(ref _levels[index]);
    }

    /// <summary>Sets one component's level; false when the component is unknown.</summary>
    public bool Set(string component, LogLevel level)
    {
        var index = LoggerComponents.IndexOf(component);
        if (index < 0)
        {
            return false;
        }

        Volatile.Write(ref _levels[index], (int)level);
        return true;
    }

    /// <summary>Sets one component's level by Envoy level name; false when either is unknown.</summary>
    public bool Set(string component, string level) =>
        LogLevelNames.TryParse(level, out var parsed) && LoggerComponents.IsKnown(component) && Set(component, parsed);

    /// <summary>Sets every component (Envoy's <c>/logging?level=...</c>).</summary>
    public void SetAll(LogLevel level)
    {
        for (var i = 0; i < _levels.Length; i++)
        {
            Volatile.Write(ref _levels[i], (int)level);
        }
    }

    /// <summary>Sets every component by level name; false (and nothing changed) when the name is unknown.</summary>
    public bool SetAll(string level)
    {
        if (!LogLevelNames.TryParse(level, out var parsed))
        {
            return false;
        }

        SetAll(parsed);
        return true;
    }

    /// <summary>
    /// Applies admin <c>/logging?paths=a:debug,b:info</c>: all pairs or none, as Envoy's
    /// LogsHandler::changeLogLevel does. Errors use Envoy's texts ("unknown logger level",
    /// "unknown logger name", "empty logger name or empty logger level").
    /// </summary>
    public bool TryApplyPaths(string paths, out string error)
    {
        var changes = new List<(int Index, LogLevel Level)>();
        foreach (var pair in paths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = pair.IndexOf(':');
            var name = colon < 0 ? pair : pair[..colon].Trim();
            var levelName = colon < 0 ? string.Empty : pair[(colon + 1)..].Trim();
            if (name.Length == 0 || levelName.Length == 0)
            {
                error = "empty logger name or empty logger level";
                return false;
            }

            if (!LogLevelNames.TryParse(levelName, out var level))
            {
                error = "unknown logger level";
                return false;
            }

            var index = LoggerComponents.IndexOf(name);
            if (index < 0)
            {
                error = "unknown logger name";
                return false;
            }

            changes.Add((index, level));
        }

        foreach (var (index, level) in changes)
        {
            Volatile.Write(ref _levels[index], (int)level);
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Envoy's admin <c>/logging</c> text: "active loggers:" then "  name: level" per component.</summary>
    public string Render()
    {
        var text = new StringBuilder("active loggers:\n", 32 * _levels.Length);
        for (var i = 0; i < _levels.Length; i++)
        {
            text.Append("  ").Append(LoggerComponents.All[i]).Append(": ")
                .Append(LogLevelNames.Name((LogLevel)Volatile.Read(ref _levels[i]))).Append('\n');
        }

        return text.ToString();
    }
}
