using Google.Protobuf.WellKnownTypes;

namespace Proxy.Filters.Http;

/// <summary>
/// Implemented by an <see cref="IHttpFilterFactory"/> whose filter can be configured per route, virtual host
/// or route configuration (typed_per_filter_config, keyed by the filter's name). The config is translated
/// when the route configuration arrives, so a bad one NACKs it; at run time the filter finds the most
/// specific one in <see cref="HttpFilterContext.RouteConfig"/>.
/// </summary>
public interface IRouteSpecificConfigFactory
{
    /// <summary>The full proto type name of the per-route config, e.g. <c>envoy.extensions.filters.http.rbac.v3.RBACPerRoute</c>.</summary>
    string RouteConfigTypeName { get; }

    /// <summary>Validates and translates one per-route config; throws <see cref="Extensions.ConfigException"/>.</summary>
    object CreateRouteConfig(Any typedConfig);
}
