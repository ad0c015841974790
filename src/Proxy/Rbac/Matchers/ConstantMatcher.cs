namespace Proxy.Rbac.Matchers;

/// <summary>
/// A matcher whose input is always absent here, so its outcome is known at config time: <c>metadata</c>
/// (no filter of this proxy writes dynamic metadata, e.g. jwt_authn's <c>istio_authn</c> claims) sees a
/// missing value, an unset protobuf Value that no value matcher matches (not even <c>null_match</c>), so
/// the outcome is <c>invert</c>, as in Envoy.
/// </summary>
internal sealed class ConstantMatcher : RbacMatcher
{
    private readonly bool _result;

    public ConstantMatcher(bool result) => _result = result;

    public override bool Matches(in RbacInput input) => _result;
}
