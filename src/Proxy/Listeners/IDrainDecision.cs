using Proxy.Listeners.Config;

namespace Proxy.Listeners;

/// <summary>Envoy's <c>Network::DrainDecision</c>: what a connection manager asks before each response while the server may be draining.</summary>
internal interface IDrainDecision
{
    /// <summary>Whether the response being sent on a connection of <paramref name="listener"/> should close it.</summary>
    bool DrainClose(ListenerConfig listener);
}
