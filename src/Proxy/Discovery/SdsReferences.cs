using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Proxy.Xds;
using ClusterProto = Envoy.Config.Cluster.V3.Cluster;
using ListenerProto = Envoy.Config.Listener.V3.Listener;

namespace Proxy.Discovery;

/// <summary>
/// The SDS secrets a listener's or cluster's TLS contexts name (tls_certificate_sds_secret_configs,
/// validation_context_sds_secret_config, combined_validation_context's): the names to subscribe to, each with
/// the config source to fetch it from (<c>sds_config</c>; null when the secret is named without one, which
/// Envoy resolves from static secrets).
/// </summary>
internal static class SdsReferences
{
    private const string DownstreamTls = "envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext";
    private const string UpstreamTls = "envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";

    public static List<SdsSecretConfig> Of(ListenerProto listener)
    {
        var found = new List<SdsSecretConfig>();
        foreach (var chain in listener.FilterChains)
        {
            Add(chain.TransportSocket, found);
        }

        if (listener.DefaultFilterChain is { } fallback)
        {
            Add(fallback.TransportSocket, found);
        }

        return found;
    }

    public static List<SdsSecretConfig> Of(ClusterProto cluster)
    {
        var found = new List<SdsSecretConfig>();
        Add(cluster.TransportSocket, found);
        foreach (var match in cluster.TransportSocketMatches)
        {
            Add(match.TransportSocket, found);
        }

        return found;
    }

    private static void Add(TransportSocket? socket, List<SdsSecretConfig> found)
    {
        if (socket?.TypedConfig is not { } config)
        {
            return;
        }

        CommonTlsContext? common = null;
        if (AnyTypes.Is(config, DownstreamTls))
        {
            common = DownstreamTlsContext.Parser.ParseFrom(config.Value).CommonTlsContext;
        }
        else if (AnyTypes.Is(config, UpstreamTls))
        {
            common = UpstreamTlsContext.Parser.ParseFrom(config.Value).CommonTlsContext;
        }

        if (common is null)
        {
            return;
        }

        found.AddRange(common.TlsCertificateSdsSecretConfigs);
        if (common.ValidationContextSdsSecretConfig is { } validation)
        {
            found.Add(validation);
        }

        if (common.CombinedValidationContext?.ValidationContextSdsSecretConfig is { } combined)
        {
            found.Add(combined);
        }
    }
}
