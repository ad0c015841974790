namespace Proxy.Filters.Formatting;

/// <summary>Counters of the stream printed as numbers (0 when unset, as Envoy prints them).</summary>
internal enum NumberField
{
    ResponseCode,
    BytesReceived,
    BytesSent,
    UpstreamRequestAttemptCount,
    ConnectionId,

    /// <summary>Not recorded by this proxy yet: Envoy prints 0 when there is no upstream connection.</summary>
    UpstreamConnectionId,
}
