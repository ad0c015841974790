namespace Proxy.Authz;

/// <summary>ExtAuthzPerRoute: the check is off for the route, or carries its context_extensions.</summary>
internal sealed record ExtAuthzRouteConfig(bool Disabled, IReadOnlyDictionary<string, string> ContextExtensions);
