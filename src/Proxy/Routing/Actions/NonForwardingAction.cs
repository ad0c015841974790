namespace Proxy.Routing.Actions;

/// <summary>
/// Route.non_forwarding_action, meant for proxyless xDS clients. Envoy accepts it and, having no cluster to
/// forward to, answers such requests like a route whose cluster does not exist (503, response flag NC).
/// </summary>
public sealed class NonForwardingAction : RouteEntryAction
{
    public static readonly NonForwardingAction Instance = new();

    private NonForwardingAction()
    {
    }
}
