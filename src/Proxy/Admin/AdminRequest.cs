using Microsoft.AspNetCore.Http;

namespace Proxy.Admin;

/// <summary>An admin call: method, path and query parameters (Envoy's admin takes everything in the query).</summary>
internal sealed class AdminRequest(string method, string path, IQueryCollection query)
{
    public string Method { get; } = method;

    public string Path { get; } = path;

    public IQueryCollection Query { get; } = query;

    public bool Has(string name) => Query.ContainsKey(name);

    public string? Get(string name) => Query.TryGetValue(name, out var value) ? value.ToString() : null;
}
