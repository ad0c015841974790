using Microsoft.AspNetCore.Http;
using Proxy.Filters.StreamInfo;

namespace Proxy.Routing;

/// <summary>
/// Produces the value of a configured header whose text holds Envoy substitution commands (<c>%REQ(x)%</c>,
/// <c>%UPSTREAM_REMOTE_ADDRESS%</c>, ...; Envoy doc "Custom request/response headers"). The core plugs Envoy's
/// formatter in through <see cref="RouteTranslationContext.FormatterFactory"/>; values without <c>%</c> never
/// reach a formatter. Called on the data path, so implementations must not throw or block.
/// </summary>
public interface IHeaderValueFormatter
{
    string Format(HttpContext http, StreamInfo info);
}
