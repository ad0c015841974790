namespace Proxy.Rbac.Matchers;

/// <summary><c>any: true</c>.</summary>
internal sealed class AnyMatcher : RbacMatcher
{
    public static AnyMatcher Instance { get; } = new();

    public override bool Matches(in RbacInput input) => true;
}
