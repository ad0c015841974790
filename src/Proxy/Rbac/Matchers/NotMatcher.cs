namespace Proxy.Rbac.Matchers;

/// <summary><c>not_rule</c> / <c>not_id</c>.</summary>
internal sealed class NotMatcher : RbacMatcher
{
    private readonly RbacMatcher _inner;

    public NotMatcher(RbacMatcher inner) => _inner = inner;

    public override bool Matches(in RbacInput input) => !_inner.Matches(input);
}
