using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Filters.Http;
using Proxy.Http.Timeouts;
using Proxy.Listeners;

namespace Proxy.Http;

/// <summary>
/// Per-request state. Kestrel keeps one per HTTP/1.1 connection through <c>IHostContextContainer</c>, and the
/// HTTP/2 server one per pooled stream, so the HttpContext, stream info and filter context are reused, not
/// allocated per request.
/// </summary>
internal sealed class RequestContext
{
    private DefaultHttpContext? _http;

    public RequestContext()
    {
        Filters = new HttpFilterContext(StreamInfo);
    }

    public HttpContext Http => _http!;

    public Proxy.Filters.StreamInfo.StreamInfo StreamInfo { get; } = new();

    public HttpFilterContext Filters { get; }

    /// <summary>stream_idle_timeout and request_timeout of this stream; reused with the context.</summary>
    public StreamTimers Timers { get; } = new();

    /// <summary>The cancellation source the router's upstream exchanges of this context reuse.</summary>
    public Proxy.Router.CancellationSourceSlot UpstreamCancellation { get; } = new();

    /// <summary>The connection this context serves; looked up from the features once.</summary>
    public DownstreamConnection? Connection { get; set; }

    /// <summary>The :path to route and forward (raw target after the connection manager's normalization).</summary>
    public string Path { get; set; } = "/";

    /// <summary>Set once the connection manager finished the response headers (server, filters' encode side).</summary>
    public bool ResponseFinalized { get; set; }

    public void Initialize(IFeatureCollection features)
    {
        if (_http is null)
        {
            _http = new DefaultHttpContext(features);
        }
        else
        {
            _http.Initialize(features);
        }

        StreamInfo.Reset();
        Filters.Reset(_http);
        Path = "/";
        ResponseFinalized = false;
    }

    public void Uninitialize() => _http?.Uninitialize();
}
