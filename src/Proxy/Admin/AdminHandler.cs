using System.Text;
using Microsoft.AspNetCore.Http;
using Proxy.Http;

namespace Proxy.Admin;

/// <summary>
/// The admin API on the bootstrap's admin address, served through the same listener and Kestrel codec
/// as the data plane. Paths and outputs follow Envoy's admin interface, because pilot-agent, istioctl,
/// Kiali and Prometheus read them. State-changing endpoints need POST, as in Envoy.
/// </summary>
internal sealed class AdminHandler : IHttpRequestHandler
{
    private readonly SortedDictionary<string, AdminEndpoint> _endpoints = new(StringComparer.Ordinal);

    public void Add(AdminEndpoint endpoint) => _endpoints[endpoint.Path] = endpoint;

    public async Task ProcessAsync(RequestContext context)
    {
        var http = context.Http;
        var path = http.Request.Path.Value ?? "/";
        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path.TrimEnd('/');
        }

        AdminResponse response;
        if (path is "/" or "/help")
        {
            response = AdminResponse.Ok(Help("admin commands are:\n"));
        }
        else if (!_endpoints.TryGetValue(path, out var endpoint))
        {
            response = new AdminResponse(404, Help("invalid path. admin commands are:\n"));
        }
        else if (endpoint.Mutates && !HttpMethods.IsPost(http.Request.Method))
        {
            // Envoy's AdminImpl::makeRequest wording, no trailing newline.
            response = new AdminResponse(405, $"Method {http.Request.Method} not allowed, POST required.");
        }
        else
        {
            try
            {
                response = await endpoint.Handle(new AdminRequest(http.Request.Method, path, http.Request.Query)).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                response = new AdminResponse(400, e.Message + "\n");
            }
        }

        http.Response.StatusCode = response.Status;
        http.Response.ContentType = response.ContentType;
        http.Response.Headers.CacheControl = "no-cache, max-age=0";
        http.Response.Headers["x-content-type-options"] = "nosniff";
        var bytes = Encoding.UTF8.GetBytes(response.Body);
        http.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
        }
    }

    private string Help(string title)
    {
        var builder = new StringBuilder(title);
        foreach (var endpoint in _endpoints.Values)
        {
            // Envoy marks the state-changing endpoints " (POST)" in the list (AdminImpl::getHelp).
            builder.Append("  ").Append(endpoint.Path).Append(endpoint.Mutates ? " (POST): " : ": ").Append(endpoint.Help).Append('\n');
        }

        return builder.ToString();
    }
}
