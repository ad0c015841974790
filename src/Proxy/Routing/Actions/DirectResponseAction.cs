namespace Proxy.Routing.Actions;

/// <summary>
/// Route.direct_response: answer without going upstream. The body was read when the configuration arrived
/// (inline_string, inline_bytes, filename or environment_variable) and is at most
/// max_direct_response_body_size_bytes. As in Envoy, a 201 or 3xx status also gets a Location header naming
/// the request URL (<see cref="RedirectLocation.BuildLocation(in RequestView, RedirectAction?)"/> with no redirect).
/// </summary>
public sealed class DirectResponseAction : RouteEntryAction
{
    /// <summary>200..599.</summary>
    public required int Status { get; init; }

    /// <summary>Empty: no body.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    public bool AddsLocation => Status == 201 || Status is >= 300 and < 400;
}
