namespace Proxy.Rbac;

/// <summary>
/// One set of rules (envoy.config.rbac.v3.RBAC): the action and its policies, evaluated in name order as
/// Envoy's map iteration reports the first matching policy's id. ALLOW allows when a policy matches, DENY
/// denies when one matches, LOG always allows.
/// </summary>
internal sealed class RbacEngine
{
    public RbacEngine(RbacAction action, IReadOnlyList<RbacPolicy> policies)
    {
        Action = action;
        Policies = [.. policies];
    }

    public RbacAction Action { get; }

    public RbacPolicy[] Policies { get; }

    /// <returns>Whether the request may go on; <paramref name="matchedPolicy"/> names the first policy that matched, if any.</returns>
    public bool Evaluate(in RbacInput input, out string? matchedPolicy)
    {
        matchedPolicy = null;
        for (var i = 0; i < Policies.Length; i++)
        {
            if (Policies[i].Matches(input))
            {
                matchedPolicy = Policies[i].Name;
                break;
            }
        }

        return Action switch
        {
            RbacAction.Allow => matchedPolicy is not null,
            RbacAction.Deny => matchedPolicy is null,
            _ => true,
        };
    }

    /// <summary>Envoy's response code details for a denial: <c>rbac_access_denied_matched_policy[&lt;id&gt;|none]</c>.</summary>
    public static string DeniedDetails(string? policy) => $"rbac_access_denied_matched_policy[{policy ?? "none"}]";
}
