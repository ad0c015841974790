using Proxy.Filters.Http;

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

    public HttpFilterRegistry(IEnumerable<IHttpFilterFactory> factories, IReadOnlySet<string> acceptedInactive)
    {
        foreach (var factory in factories)
        {
            _factories[factory.TypeName] = factory;
        }

        AcceptedInactive = acceptedInactive;
    }

    public IReadOnlySet<string> AcceptedInactive { get; }

    public bool TryGet(string typeName, out IHttpFilterFactory factory) => _factories.TryGetValue(typeName, out factory!);
}
