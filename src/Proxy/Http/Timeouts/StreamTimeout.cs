namespace Proxy.Http.Timeouts;

/// <summary>Which connection manager timer ended a stream.</summary>
internal enum StreamTimeout
{
    None = 0,

    /// <summary>stream_idle_timeout (or the route's idle_timeout): 408 "stream timeout", flag SI.</summary>
    Idle = 1,

    /// <summary>request_timeout: the whole request was not received in time; 408 "request timeout".</summary>
    Request = 2,
}
