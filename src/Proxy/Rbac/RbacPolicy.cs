namespace Proxy.Rbac;

/// <summary>
/// A named policy: it matches when any permission and any principal match (envoy.config.rbac.v3.Policy;
/// both lists are OR-ed, and both must be non-empty).
/// </summary>
internal sealed record RbacPolicy(string Name, RbacMatcher Permissions, RbacMatcher Principals)
{
    public bool Matches(in RbacInput input) => Permissions.Matches(input) && Principals.Matches(input);
}
