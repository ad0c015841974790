namespace Proxy.Routing.Actions;

/// <summary>What a matched route does (Route.action): forward (<see cref="RouteAction"/>), <see cref="RedirectAction"/>,
/// <see cref="DirectResponseAction"/> or <see cref="NonForwardingAction"/>.</summary>
public abstract class RouteEntryAction
{
    private protected RouteEntryAction()
    {
    }
}
