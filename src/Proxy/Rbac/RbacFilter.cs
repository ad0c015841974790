using System.Net;
using Proxy.Filters.Http;
using Proxy.Routing;

namespace Proxy.Rbac;

/// <summary>
/// envoy.filters.http.rbac: checks each request against the rules (a route's RBACPerRoute replaces them) and
/// answers 403 "RBAC: access denied" when they deny it, with response code details
/// <c>rbac_access_denied_matched_policy[...]</c>. Shadow rules never deny: they are counted and their verdict
/// is written to dynamic metadata under <c>envoy.filters.http.rbac</c> as
/// <c>&lt;shadow_rules_stat_prefix&gt;shadow_engine_result</c> ("allowed"/"denied") and
/// <c>&lt;shadow_rules_stat_prefix&gt;shadow_effective_policy_id</c>, which Istio's ext_authz
/// <c>filter_enabled_metadata</c> reads (CUSTOM authorization policies).
/// </summary>
internal sealed class RbacFilter : IHttpFilter
{
    /// <summary>The dynamic metadata namespace: Envoy's canonical filter name, whatever the configured name.</summary>
    public const string MetadataNamespace = "envoy.filters.http.rbac";

    private readonly RbacRules _rules;
    private readonly RbacStats _stats;
    private readonly string _shadowResultKey;
    private readonly string _shadowPolicyKey;

    public RbacFilter(RbacRules rules, RbacStats stats, string shadowRulesStatPrefix)
    {
        _rules = rules;
        _stats = stats;
        _shadowResultKey = shadowRulesStatPrefix + "shadow_engine_result";
        _shadowPolicyKey = shadowRulesStatPrefix + "shadow_effective_policy_id";
    }

    public ValueTask<FilterStatus> OnRequestAsync(HttpFilterContext context)
    {
        var rules = context.RouteConfig as RbacRules ?? _rules;
        var info = context.StreamInfo;
        var view = RequestView.OfFilter(context);
        var input = new RbacInput(
            info.DownstreamDirectRemoteAddress as IPEndPoint,
            info.DownstreamRemoteAddress as IPEndPoint,
            info.DownstreamLocalAddress as IPEndPoint,
            info.RequestedServerName,
            info.HasFilterState ? info.FilterState : null,
            view);
        if (rules.Shadow(input, _stats, out var shadowPolicy) is { } shadowAllowed)
        {
            info.SetDynamicMetadata(MetadataNamespace, _shadowResultKey, shadowAllowed ? "allowed" : "denied");
            if (shadowPolicy is not null)
            {
                info.SetDynamicMetadata(MetadataNamespace, _shadowPolicyKey, shadowPolicy);
            }
        }

        if (rules.Enforce(input, _stats, out var deniedBy))
        {
            return ValueTask.FromResult(FilterStatus.Continue);
        }

        context.SendLocalReply(403, "RBAC: access denied", Proxy.Filters.StreamInfo.ResponseFlags.None, deniedBy!);
        return ValueTask.FromResult(FilterStatus.StopIteration);
    }

    public void OnResponse(HttpFilterContext context)
    {
    }
}
