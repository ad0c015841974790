using Proxy.Routing.Matching;

namespace Proxy.Rbac.Matchers;

/// <summary>
/// <c>header</c>: the route HeaderMatcher against the request, pseudo-headers (<c>:method</c>, <c>:path</c>,
/// <c>:authority</c>) included. The network filter has no headers, so every header is missing there.
/// </summary>
internal sealed class HeaderRbacMatcher : RbacMatcher
{
    private readonly HeaderMatcher _matcher;

    public HeaderRbacMatcher(HeaderMatcher matcher) => _matcher = matcher;

    public override bool Matches(in RbacInput input) =>
        input.HasRequest ? _matcher.Matches(input.Request) : _matcher.Matches(RbacInput.NoHeaders);
}
