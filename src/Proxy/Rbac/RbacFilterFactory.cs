using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Config;
using Proxy.Filters.Extensions;
using Proxy.Filters.Http;
using Proxy.Xds;
using HttpRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;
using HttpRbacPerRoute = Envoy.Extensions.Filters.Http.Rbac.V3.RBACPerRoute;

namespace Proxy.Rbac;

/// <summary>
/// Builds <see cref="RbacFilter"/> from envoy.extensions.filters.http.rbac.v3.RBAC, and per-route
/// RBACPerRoute configs (an RBACPerRoute without <c>rbac</c> turns the filter off for that route, as in Envoy).
/// The xDS matcher form (<c>matcher</c>, <c>shadow_matcher</c>) is refused by name. <c>track_per_rule_stats</c>
/// and audit logging are accepted and not reported.
/// </summary>
internal sealed class RbacFilterFactory : IHttpFilterFactory, IRouteSpecificConfigFactory
{
    public const string Type = "envoy.extensions.filters.http.rbac.v3.RBAC";
    public const string PerRouteType = "envoy.extensions.filters.http.rbac.v3.RBACPerRoute";

    public string TypeName => Type;

    public string RouteConfigTypeName => PerRouteType;

    public IHttpFilter Create(HttpFilterFactoryContext context)
    {
        var proto = TypedConfigs.Unpack(context.TypedConfig, HttpRbac.Parser, Type);
        var stats = new RbacStats(context.Stats, "rbac.", proto.RulesStatPrefix, proto.ShadowRulesStatPrefix);
        return new RbacFilter(Rules(proto, string.Empty), stats, proto.ShadowRulesStatPrefix);
    }

    public object CreateRouteConfig(Any typedConfig)
    {
        var proto = TypedConfigs.Unpack(typedConfig, HttpRbacPerRoute.Parser, PerRouteType);
        return proto.Rbac is null ? new RbacRules(null, null) : Rules(proto.Rbac, "rbac.");
    }

    private static RbacRules Rules(HttpRbac proto, string at)
    {
        if (proto.Matcher is not null || proto.ShadowMatcher is not null)
        {
            throw new ConfigException($"{at}{(proto.Matcher is not null ? "matcher" : "shadow_matcher")}: the xDS matcher form of RBAC is not supported; use rules");
        }

        return new RbacRules(
            proto.Rules is { } rules ? RbacTranslator.Translate(rules, at + "rules") : null,
            proto.ShadowRules is { } shadow ? RbacTranslator.Translate(shadow, at + "shadow_rules") : null);
    }
}
