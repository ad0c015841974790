using Microsoft.Extensions.Logging;

namespace Proxy.Logging;

/// <summary>One application log event, as a <see cref="LogPattern"/> formats it.</summary>
/// <param name="Time">When it happened, in the zone the line is printed in (spdlog prints local time).</param>
/// <param name="Component">Envoy logger name (%n).</param>
/// <param name="ThreadId">%t.</param>
public readonly record struct LogEntry(DateTimeOffset Time, LogLevel Level, string Component, string Message, int ThreadId);
