using Microsoft.Extensions.Logging;

namespace Proxy.Logging;

/// <summary>An <see cref="ILogger"/> bound to one Envoy logger component; levels are looked up live.</summary>
internal sealed class EnvoyLogger : ILogger
{
    private readonly EnvoyLoggerProvider _provider;
    private readonly int _component;

    public EnvoyLogger(EnvoyLoggerProvider provider, int component)
    {
        _provider = provider;
        _component = component;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => _provider.Levels.IsEnabled(_component, logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        if (exception is not null)
        {
            // One line per event: the exception's type and message, not its stack.
            message = $"{message}: {exception.GetType().Name}: {exception.Message}";
        }

        _provider.Write(_component, logLevel, message);
    }
}
