using Proxy.Listeners.Config;

namespace Proxy.Listeners;

/// <summary>
/// One accepted downstream connection as the rest of the proxy sees it: where it came from, which
/// listener and filter chain took it. Set as a connection feature, so every request on it can read it
/// from <c>HttpContext.Features</c> without a lookup per request.
/// </summary>
internal sealed class DownstreamConnection
{
    private static long _nextId;

    public DownstreamConnection(ListenerConfig listener, ConnectionInfo info, DateTimeOffset startTime, long startTimestamp)
    {
        Id = (ulong)Interlocked.Increment(ref _nextId);
        Listener = listener;
        Info = info;
        StartTime = startTime;
        StartTimestamp = startTimestamp;
    }

    public ulong Id { get; }

    public ListenerConfig Listener { get; }

    public ConnectionInfo Info { get; }

    public FilterChainConfig? FilterChain { get; set; }

    public DateTimeOffset StartTime { get; }

    public long StartTimestamp { get; }

    /// <summary>
    /// A drain decided this connection closes (Envoy's HCM drain state): its HTTP/1.1 responses carry
    /// Connection: close; an HTTP/2 one was sent GOAWAY.
    /// </summary>
    public bool DrainClosing { get; set; }

    /// <summary>Who serves the requests of this connection: the chain's connection manager, or the admin API.</summary>
    public Proxy.Http.IHttpRequestHandler? RequestHandler { get; set; }
}
