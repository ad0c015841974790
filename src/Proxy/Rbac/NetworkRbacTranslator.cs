using Proxy.Filters.Extensions;
using Proxy.Filters.Stats;
using NetworkRbac = Envoy.Extensions.Filters.Network.Rbac.V3.RBAC;

namespace Proxy.Rbac;

/// <summary>envoy.extensions.filters.network.rbac.v3.RBAC into a <see cref="NetworkRbacFilter"/>; stats under <c>&lt;stat_prefix&gt;rbac.</c>.</summary>
internal static class NetworkRbacTranslator
{
    public const string Type = "envoy.extensions.filters.network.rbac.v3.RBAC";

    public static NetworkRbacFilter Translate(string name, NetworkRbac proto, IStatsScope stats)
    {
        if (string.IsNullOrEmpty(proto.StatPrefix))
        {
            throw new ConfigException("stat_prefix: must not be empty");
        }

        if (proto.Matcher is not null || proto.ShadowMatcher is not null)
        {
            throw new ConfigException($"{(proto.Matcher is not null ? "matcher" : "shadow_matcher")}: the xDS matcher form of RBAC is not supported; use rules");
        }

        var rules = new RbacRules(
            proto.Rules is { } enforced ? RbacTranslator.Translate(enforced, "rules") : null,
            proto.ShadowRules is { } shadow ? RbacTranslator.Translate(shadow, "shadow_rules") : null);
        var prefix = RbacStats.JoinPrefix(proto.StatPrefix, "rbac.");
        return new NetworkRbacFilter(name, rules, new RbacStats(stats, prefix, string.Empty, proto.ShadowRulesStatPrefix));
    }
}
