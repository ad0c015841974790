namespace Proxy.Rbac.Matchers;

/// <summary><c>and_rules</c>/<c>and_ids</c> (every child matches) or <c>or_rules</c>/<c>or_ids</c> (any child matches).</summary>
internal sealed class SetMatcher : RbacMatcher
{
    private readonly RbacMatcher[] _children;
    private readonly bool _all;

    public SetMatcher(IReadOnlyList<RbacMatcher> children, bool all)
    {
        _children = [.. children];
        _all = all;
    }

    public override bool Matches(in RbacInput input)
    {
        for (var i = 0; i < _children.Length; i++)
        {
            if (_children[i].Matches(input) != _all)
            {
                return !_all;
            }
        }

        return _all;
    }
}
