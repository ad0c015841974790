using Google.Protobuf.WellKnownTypes;

namespace Proxy.Upstream.Config;

/// <summary>
/// One <c>transport_socket_matches[]</c> entry: endpoints whose <c>envoy.transport_socket_match</c> metadata
/// contains every key/value of <see cref="Match"/> use <see cref="TransportSocket"/> (Istio's <c>tlsMode-istio</c>).
/// An empty match matches every endpoint.
/// </summary>
public sealed record TransportSocketMatchConfig(string Name, Struct Match, TransportSocketConfig TransportSocket);
