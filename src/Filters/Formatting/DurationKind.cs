namespace Proxy.Filters.Formatting;

/// <summary>The durations Envoy's access log prints, all in whole milliseconds from the stream's start.</summary>
internal enum DurationKind
{
    /// <summary>%DURATION%: start to completion (or to now, for an entry written before completion).</summary>
    Total,

    /// <summary>%REQUEST_DURATION%: start to the last request byte received from downstream.</summary>
    Request,

    /// <summary>%REQUEST_TX_DURATION%: start to the last request byte sent upstream.</summary>
    RequestTx,

    /// <summary>%RESPONSE_DURATION%: start to the first response byte received from upstream.</summary>
    Response,

    /// <summary>%RESPONSE_TX_DURATION%: first response byte from upstream to the last byte sent downstream.</summary>
    ResponseTx,
}
