namespace Proxy.Rbac;

/// <summary>One node of a permission or principal tree (envoy.config.rbac.v3.Permission / Principal), built at config time.</summary>
internal abstract class RbacMatcher
{
    public abstract bool Matches(in RbacInput input);
}
