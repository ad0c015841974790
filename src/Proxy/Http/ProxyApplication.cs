using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Listeners;

namespace Proxy.Http;

/// <summary>
/// The one application every codec server runs: it finds the connection's handler (the connection
/// manager of the chain our listener layer picked, or the admin API) and lets it serve the request.
/// No ASP.NET Core middleware, hosting diagnostics or per-request DI scope is involved.
/// </summary>
internal sealed class ProxyApplication : IHttpApplication<RequestContext>
{
    public RequestContext CreateContext(IFeatureCollection contextFeatures)
    {
        RequestContext context;
        if (contextFeatures is IHostContextContainer<RequestContext> container)
        {
            context = container.HostContext ??= new RequestContext();
        }
        else
        {
            context = new RequestContext();
        }

        context.Initialize(contextFeatures);
        return context;
    }

    public Task ProcessRequestAsync(RequestContext context)
    {
        var connection = context.Connection ??= context.Http.Features.Get<DownstreamConnection>();
        if (connection?.RequestHandler is { } handler)
        {
            return handler.ProcessAsync(context);
        }

        context.Http.Response.StatusCode = 500;
        return Task.CompletedTask;
    }

    public void DisposeContext(RequestContext context, Exception? exception) => context.Uninitialize();
}
