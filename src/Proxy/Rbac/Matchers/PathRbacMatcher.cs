using Proxy.Routing.Matching;

namespace Proxy.Rbac.Matchers;

/// <summary><c>url_path</c>: the path without query and fragment (Envoy's PathMatcher); never matches on the network filter.</summary>
internal sealed class PathRbacMatcher : RbacMatcher
{
    private readonly StringMatcher _path;

    public PathRbacMatcher(StringMatcher path) => _path = path;

    public override bool Matches(in RbacInput input) =>
        input.HasRequest && input.Request.Path is not null && _path.Matches(input.Request.PathWithoutQuery);
}
