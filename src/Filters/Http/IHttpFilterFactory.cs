namespace Proxy.Filters.Http;

/// <summary>
/// Builds an HTTP filter from its typed_config (DESIGN.md style rule 6: factories keyed by type URL,
/// validate then build). Throws <see cref="Extensions.ConfigException"/> for a bad config; that NACKs
/// the resource or fails the bootstrap.
/// </summary>
public interface IHttpFilterFactory
{
    /// <summary>The full proto type name of the typed_config, e.g. <c>envoy.extensions.filters.http.fault.v3.HTTPFault</c>.</summary>
    string TypeName { get; }

    IHttpFilter Create(HttpFilterFactoryContext context);
}
