using Proxy.Routing.Matching;

namespace Proxy.Routing;

/// <summary>Route.tracing: per-route sampling overriding the HCM's (each 100% when unset). Custom tags are not kept yet.</summary>
public sealed class RouteTracing
{
    public required RuntimeFraction ClientSampling { get; init; }

    public required RuntimeFraction RandomSampling { get; init; }

    public required RuntimeFraction OverallSampling { get; init; }
}
