using Google.Protobuf.WellKnownTypes;

namespace Proxy.Upstream.Config;

/// <summary>
/// One cluster <c>filters[]</c> entry (upstream network filter, e.g. Istio's <c>istio.metadata_exchange</c>):
/// name and typed_config kept for the filter registry, which builds or refuses it.
/// </summary>
public sealed record UpstreamNetworkFilterConfig(string Name, Any? TypedConfig);
