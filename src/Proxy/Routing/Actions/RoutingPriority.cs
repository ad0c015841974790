namespace Proxy.Routing.Actions;

/// <summary>RouteAction.priority: which circuit-breaker and connection-pool priority the request uses.</summary>
public enum RoutingPriority
{
    Default = 0,
    High = 1,
}
