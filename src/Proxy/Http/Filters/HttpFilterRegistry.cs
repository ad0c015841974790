using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.Extensions;
using Proxy.Filters.Http;
using Proxy.Xds;

namespace Proxy.Http.Filters;

/// <summary>
/// The HTTP filter factories by typed_config type name. Types in <see cref="AcceptedInactive"/> are
/// accepted in configuration and skipped at run time (listed in the README); anything else unknown is a
/// configuration error, as in Envoy ("Didn't find a registered implementation for ...").
/// </summary>
internal sealed class HttpFilterRegistry
{
    public const string RouterType = "envoy.extensions.filters.http.router.v3.Router";

    private readonly Dictionary<string, IHttpFilterFactory> _factories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IRouteSpecificConfigFactory> _routeFactories = new(StringComparer.Ordinal);

    public HttpFilterRegistry(IEnumerable<IHttpFilterFactory> factories, IReadOnlySet<string> acceptedInactive)
    {
        foreach (var factory in factories)
        {
            _factories[factory.TypeName] = factory;
            if (factory is IRouteSpecificConfigFactory route)
            {
                _routeFactories[route.RouteConfigTypeName] = route;
            }
        }

        AcceptedInactive = acceptedInactive;
    }

    public IReadOnlySet<string> AcceptedInactive { get; }

    public bool TryGet(string typeName, out IHttpFilterFactory factory) => _factories.TryGetValue(typeName, out factory!);

    /// <summary>
    /// A typed_per_filter_config entry translated by the filter factory that owns its type, or null when none
    /// does (the entry is then kept as received). Errors are prefixed with <paramref name="at"/>.
    /// </summary>
    public object? CreateRouteConfig(Any config, string at)
    {
        if (!_routeFactories.TryGetValue(AnyTypes.EffectiveTypeName(config), out var factory))
        {
            return null;
        }

        try
        {
            return factory.CreateRouteConfig(config);
        }
        catch (ConfigException e)
        {
            throw ConfigException.At(at, e);
        }
    }
}
