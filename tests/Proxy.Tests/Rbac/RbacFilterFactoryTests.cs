using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.Extensions;
using Proxy.Http.Filters;
using Proxy.Rbac;
using Proxy.Routing;
using Proxy.Tests.Routing;
using Proxy.Xds;
using Proxy.Xds.Json;
using HttpRbacPerRoute = Envoy.Extensions.Filters.Http.Rbac.V3.RBACPerRoute;

namespace Proxy.Tests.Rbac;

/// <summary>Per-route RBAC configs are translated with the route configuration, so their errors NACK it.</summary>
public sealed class RbacFilterFactoryTests
{
    private static RouteTranslationContext Context()
    {
        var registry = new HttpFilterRegistry([new RbacFilterFactory()], new HashSet<string>());
        return new RouteTranslationContext(FakeFormatter.Create, new Random(1), filterConfigFactory: registry.CreateRouteConfig);
    }

    /// <param name="perFilter">The rbac filter's typed_per_filter_config entry, a YAML flow mapping.</param>
    private static RouteTable Table(string perFilter) =>
        Routes.WithRoutes($"- {{ match: {{ prefix: / }}, route: {{ cluster: a }}, typed_per_filter_config: {{ envoy.filters.http.rbac: {perFilter} }} }}", Context());

    [Fact]
    public void PerRouteRulesAreTranslatedWithTheRoute()
    {
        var table = Table("""{ "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBACPerRoute, rbac: { rules: { action: DENY, policies: { all: { permissions: [{ any: true }], principals: [{ any: true }] } } } } }""");

        var config = Assert.IsType<RbacRules>(table.VirtualHosts[0].Routes[0].TypedPerFilterConfig["envoy.filters.http.rbac"]);
        Assert.Equal(RbacAction.Deny, config.Rules!.Action);
        Assert.Null(config.ShadowRules);
    }

    [Fact]
    public void PerRouteWithoutRbacTurnsTheFilterOff()
    {
        var table = Table("""{ "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBACPerRoute }""");

        var config = Assert.IsType<RbacRules>(table.VirtualHosts[0].Routes[0].TypedPerFilterConfig["envoy.filters.http.rbac"]);
        Assert.Null(config.Rules);
    }

    [Fact]
    public void FilterConfigWrapperIsUnwrappedOrDisables()
    {
        var disabled = Table("""{ "@type": type.googleapis.com/envoy.config.route.v3.FilterConfig, disabled: true }""");
        var wrapped = Table("""{ "@type": type.googleapis.com/envoy.config.route.v3.FilterConfig, config: { "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBACPerRoute, rbac: { rules: {} } } }""");

        Assert.Same(DisabledFilterConfig.Instance, disabled.VirtualHosts[0].Routes[0].TypedPerFilterConfig["envoy.filters.http.rbac"]);
        Assert.IsType<RbacRules>(wrapped.VirtualHosts[0].Routes[0].TypedPerFilterConfig["envoy.filters.http.rbac"]);
    }

    [Fact]
    public void ABadPerRouteRuleNamesTheRouteAndField()
    {
        var error = Assert.Throws<ConfigException>(() => Table("""{ "@type": type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBACPerRoute, rbac: { rules: { policies: { p: { permissions: [{ header: { name: x, string_match: { safe_regex: { regex: 'a(' } } } }], principals: [{ any: true }] } } } } }""")).Message;

        Assert.Contains("routes[0].typed_per_filter_config['envoy.filters.http.rbac']: rbac.rules.policies['p'].permissions[0].header.string_match.safe_regex.regex", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMatcherFormIsRefusedByName()
    {
        var perRoute = new HttpRbacPerRoute { Rbac = new() { Matcher = new() } };

        var error = Assert.Throws<ConfigException>(() => new RbacFilterFactory().CreateRouteConfig(AnyTypes.Pack(perRoute, RbacFilterFactory.PerRouteType))).Message;

        Assert.Equal("rbac.matcher: the xDS matcher form of RBAC is not supported; use rules", error);
    }

    [Fact]
    public void UnknownPerFilterTypesAreKeptAsReceived()
    {
        var table = Table("""{ "@type": type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault }""");

        Assert.IsType<Any>(table.VirtualHosts[0].Routes[0].TypedPerFilterConfig["envoy.filters.http.rbac"]);
    }
}
