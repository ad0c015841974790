using Proxy.Routing.Matching;

namespace Proxy.Rbac.Matchers;

/// <summary><c>requested_server_name</c>: the TLS SNI, the empty string when there was none (as Envoy).</summary>
internal sealed class ServerNameMatcher : RbacMatcher
{
    private readonly StringMatcher _name;

    public ServerNameMatcher(StringMatcher name) => _name = name;

    public override bool Matches(in RbacInput input) => _name.Matches(input.ServerName ?? string.Empty);
}
