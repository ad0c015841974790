using Proxy.Xds.Grpc;

namespace Proxy.Xds.Client;

/// <summary>One xDS stream: where, which method (ADS or a per-type service), SotW or Delta, backoff.</summary>
public sealed class XdsClientOptions
{
    /// <summary>Sent on the first request of each stream (Envoy's set_node_on_first_message_only behaviour).</summary>
    public required Envoy.Config.Core.V3.Node Node { get; init; }

    public required GrpcChannel Channel { get; init; }

    /// <summary>"/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources" or a per-type method.</summary>
    public required string Method { get; init; }

    public bool Delta { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Random Random { get; init; } = Random.Shared;

    /// <summary>Envoy's defaults: 500 ms doubling up to 30 s, jittered.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    public IXdsClientObserver? Observer { get; init; }
}
