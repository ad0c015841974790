namespace Proxy.Rbac;

/// <summary>
/// The enforced and shadow engines of one RBAC filter config (or of one RBACPerRoute). A null engine means
/// that set of rules is absent: no enforcement, or no shadow evaluation.
/// </summary>
internal sealed record RbacRules(RbacEngine? Rules, RbacEngine? ShadowRules)
{
    /// <summary>Runs the shadow rules, if any, and counts the result; they never deny.</summary>
    /// <returns>The shadow engine's verdict, or null without shadow rules.</returns>
    public bool? Shadow(in RbacInput input, RbacStats stats, out string? policy)
    {
        policy = null;
        if (ShadowRules is not { } shadow)
        {
            return null;
        }

        var allowed = shadow.Evaluate(input, out policy);
        (allowed ? stats.ShadowAllowed : stats.ShadowDenied).Inc();
        return allowed;
    }

    /// <returns>Whether the request may go on; <paramref name="deniedBy"/> is Envoy's response code details when not.</returns>
    public bool Enforce(in RbacInput input, RbacStats stats, out string? deniedBy)
    {
        deniedBy = null;
        if (Rules is not { } rules)
        {
            return true;
        }

        if (rules.Evaluate(input, out var policy))
        {
            stats.Allowed.Inc();
            return true;
        }

        stats.Denied.Inc();
        deniedBy = RbacEngine.DeniedDetails(policy);
        return false;
    }
}
