using Proxy.Filters.Stats;

namespace Proxy.Rbac;

/// <summary>
/// Envoy's RBAC filter stats: <c>&lt;prefix&gt;rbac.&lt;rules_stat_prefix&gt;allowed|denied</c> and
/// <c>&lt;prefix&gt;rbac.&lt;shadow_rules_stat_prefix&gt;shadow_allowed|shadow_denied</c>, where the prefix is
/// the HCM's <c>http.&lt;stat_prefix&gt;.</c> for the HTTP filter and the filter's own stat_prefix for the
/// network filter (e.g. Istio's <c>tcp.rbac.allowed</c>).
/// </summary>
internal sealed class RbacStats
{
    /// <param name="scope">Where the counters live.</param>
    /// <param name="basePrefix">Within the scope, ending in "rbac.".</param>
    public RbacStats(IStatsScope scope, string basePrefix, string rulesPrefix, string shadowRulesPrefix)
    {
        Allowed = scope.Counter(basePrefix + rulesPrefix + "allowed");
        Denied = scope.Counter(basePrefix + rulesPrefix + "denied");
        ShadowAllowed = scope.Counter(basePrefix + shadowRulesPrefix + "shadow_allowed");
        ShadowDenied = scope.Counter(basePrefix + shadowRulesPrefix + "shadow_denied");
    }

    public Counter Allowed { get; }

    public Counter Denied { get; }

    public Counter ShadowAllowed { get; }

    public Counter ShadowDenied { get; }

    /// <summary>Envoy's statPrefixJoin: "tcp." + "rbac." is "tcp.rbac.", "tcp" + "rbac." is "tcp.rbac.".</summary>
    public static string JoinPrefix(string prefix, string token) =>
        prefix.Length == 0 || prefix.EndsWith('.') ? prefix + token : prefix + "." + token;
}
