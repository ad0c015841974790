namespace Proxy.Rbac.Matchers;

/// <summary>
/// <c>authenticated</c>: the connection is TLS with a verified peer certificate (and its SAN or subject
/// matches <c>principal_name</c>). Downstream TLS is not terminated by this proxy yet, so it never matches,
/// as Envoy's does not on a plaintext connection; the principal name is still validated at config time.
/// </summary>
internal sealed class AuthenticatedMatcher : RbacMatcher
{
    public override bool Matches(in RbacInput input) => input.Authenticated;
}
