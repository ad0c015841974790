namespace Proxy.Filters.Http;

/// <summary>What an HTTP filter tells the connection manager after it ran (Envoy's FilterHeadersStatus).</summary>
public enum FilterStatus
{
    /// <summary>Go on with the next filter, and finally the router.</summary>
    Continue,

    /// <summary>Stop here: the filter sent a local reply (see <see cref="HttpFilterContext.SendLocalReply"/>).</summary>
    StopIteration,
}
