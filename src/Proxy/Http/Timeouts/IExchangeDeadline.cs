namespace Proxy.Http.Timeouts;

/// <summary>
/// A deadline of the stream's upstream exchange (the route timeout) kept by the stream's <see cref="StreamTimers"/>
/// on their one timer, instead of a timer of its own per request.
/// </summary>
internal interface IExchangeDeadline
{
    /// <summary>The timestamp (of the stream timers' TimeProvider) it expires at; 0 when not armed.</summary>
    long Deadline { get; }

    /// <summary>Called once, from the timer, when <see cref="Deadline"/> has passed.</summary>
    void Expire();
}
