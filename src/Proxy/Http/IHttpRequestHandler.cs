namespace Proxy.Http;

/// <summary>Serves the requests of a connection: an HTTP connection manager, or the admin API.</summary>
internal interface IHttpRequestHandler
{
    Task ProcessAsync(RequestContext context);
}
