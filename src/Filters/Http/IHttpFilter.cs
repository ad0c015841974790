namespace Proxy.Filters.Http;

/// <summary>
/// An HTTP filter (Envoy's StreamFilter): one instance per filter chain configuration, shared by every
/// request on it, so per-request state lives in <see cref="HttpFilterContext"/> and filters must be
/// thread-safe. Filters run in configuration order on the request and in reverse order on the response.
/// </summary>
public interface IHttpFilter
{
    /// <summary>Request headers are complete (Envoy decodeHeaders). Return StopIteration after a local reply.</summary>
    ValueTask<FilterStatus> OnRequestAsync(HttpFilterContext context);

    /// <summary>Response headers are about to be sent downstream (Envoy encodeHeaders), local replies included.</summary>
    void OnResponse(HttpFilterContext context);
}
