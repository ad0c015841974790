using Proxy.Http;

namespace Proxy.Tests.Http.Codec.Http2;

/// <summary>The application behind the server under test: a delegate per request.</summary>
internal sealed class DelegateRequestHandler(Func<RequestContext, Task> handle) : IHttpRequestHandler
{
    public Task ProcessAsync(RequestContext context) => handle(context);
}
