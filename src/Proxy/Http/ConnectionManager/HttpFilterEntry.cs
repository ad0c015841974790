using Proxy.Filters.Http;

namespace Proxy.Http.ConnectionManager;

/// <summary>One entry of http_filters: the built filter, or null for an accepted-but-inactive extension.</summary>
internal sealed record HttpFilterEntry(string Name, string TypeName, IHttpFilter? Filter);
