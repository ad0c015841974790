using System.Net;

namespace Proxy.Listeners.Config;

/// <summary>envoy_internal_address: an internal listener, reached only from inside the proxy, never bound.</summary>
internal sealed class InternalEndPoint(string serverListenerName) : EndPoint
{
    public string ServerListenerName { get; } = serverListenerName;

    public override string ToString() => "envoy://" + ServerListenerName;
}
