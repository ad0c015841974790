using Google.Protobuf.Reflection;

namespace Proxy.Xds;

/// <summary>
/// Every message type that may appear inside a <c>google.protobuf.Any</c> of the Envoy API this proxy was
/// built with: the file descriptors of src/EnvoyApi's roots (the <c>EnvoyProtoRoot</c> items of
/// EnvoyApi.csproj) plus the well-known types. <see cref="TypeRegistry.FromFiles(FileDescriptor[])"/> adds
/// each file's imports, so every generated type is reachable. Used to parse <c>typed_config</c> from JSON/YAML
/// and to print <c>Any</c> in JSON (config_dump).
/// </summary>
public static class EnvoyTypeRegistry
{
    /// <summary>The roots' file descriptors, in EnvoyApi.csproj order, then the well-known types.</summary>
    public static IReadOnlyList<FileDescriptor> Files { get; } =
    [
        global::Envoy.Admin.V3.CertsReflection.Descriptor,
        global::Envoy.Admin.V3.ClustersReflection.Descriptor,
        global::Envoy.Admin.V3.ConfigDumpReflection.Descriptor,
        global::Envoy.Admin.V3.ConfigDumpSharedReflection.Descriptor,
        global::Envoy.Admin.V3.ListenersReflection.Descriptor,
        global::Envoy.Admin.V3.MemoryReflection.Descriptor,
        global::Envoy.Admin.V3.ServerInfoReflection.Descriptor,
        global::Envoy.Config.Bootstrap.V3.BootstrapReflection.Descriptor,
        global::Envoy.Config.Cluster.V3.ClusterReflection.Descriptor,
        global::Envoy.Config.Core.V3.ExtensionReflection.Descriptor,
        global::Envoy.Config.Endpoint.V3.EndpointReflection.Descriptor,
        global::Envoy.Config.Listener.V3.ListenerReflection.Descriptor,
        global::Envoy.Config.Metrics.V3.MetricsServiceReflection.Descriptor,
        global::Envoy.Config.Metrics.V3.StatsReflection.Descriptor,
        global::Envoy.Config.Rbac.V3.RbacReflection.Descriptor,
        global::Envoy.Config.Route.V3.RouteReflection.Descriptor,
        global::Envoy.Config.Trace.V3.DatadogReflection.Descriptor,
        global::Envoy.Config.Trace.V3.LightstepReflection.Descriptor,
        global::Envoy.Config.Trace.V3.OpentelemetryReflection.Descriptor,
        global::Envoy.Config.Trace.V3.ZipkinReflection.Descriptor,
        global::Envoy.Extensions.AccessLoggers.File.V3.FileReflection.Descriptor,
        global::Envoy.Extensions.AccessLoggers.Grpc.V3.AlsReflection.Descriptor,
        global::Envoy.Extensions.AccessLoggers.Stream.V3.StreamReflection.Descriptor,
        global::Envoy.Extensions.Bootstrap.InternalListener.V3.InternalListenerReflection.Descriptor,
        global::Envoy.Extensions.Compression.Brotli.Compressor.V3.BrotliReflection.Descriptor,
        global::Envoy.Extensions.Compression.Gzip.Compressor.V3.GzipReflection.Descriptor,
        global::Envoy.Extensions.Compression.Gzip.Decompressor.V3.GzipReflection.Descriptor,
        global::Envoy.Extensions.Compression.Zstd.Compressor.V3.ZstdReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.Compressor.V3.CompressorReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.Cors.V3.CorsReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.Decompressor.V3.DecompressorReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.ExtAuthz.V3.ExtAuthzReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.Fault.V3.FaultReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.GrpcHttp1Bridge.V3.ConfigReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.GrpcStats.V3.ConfigReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.HeaderMutation.V3.HeaderMutationReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.LocalRatelimit.V3.LocalRateLimitReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.Rbac.V3.RbacReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.Router.V3.RouterReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.SetFilterState.V3.SetFilterStateReflection.Descriptor,
        global::Envoy.Extensions.Filters.Http.Wasm.V3.WasmReflection.Descriptor,
        global::Envoy.Extensions.Filters.Listener.HttpInspector.V3.HttpInspectorReflection.Descriptor,
        global::Envoy.Extensions.Filters.Listener.OriginalDst.V3.OriginalDstReflection.Descriptor,
        global::Envoy.Extensions.Filters.Listener.ProxyProtocol.V3.ProxyProtocolReflection.Descriptor,
        global::Envoy.Extensions.Filters.Listener.TlsInspector.V3.TlsInspectorReflection.Descriptor,
        global::Envoy.Extensions.Filters.Network.DirectResponse.V3.ConfigReflection.Descriptor,
        global::Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManagerReflection.Descriptor,
        global::Envoy.Extensions.Filters.Network.Rbac.V3.RbacReflection.Descriptor,
        global::Envoy.Extensions.Filters.Network.SetFilterState.V3.SetFilterStateReflection.Descriptor,
        global::Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxyReflection.Descriptor,
        global::Envoy.Extensions.Filters.Network.Wasm.V3.WasmReflection.Descriptor,
        global::Envoy.Extensions.Http.OriginalIpDetection.Xff.V3.XffReflection.Descriptor,
        global::Envoy.Extensions.LoadBalancingPolicies.ClusterProvided.V3.ClusterProvidedReflection.Descriptor,
        global::Envoy.Extensions.LoadBalancingPolicies.LeastRequest.V3.LeastRequestReflection.Descriptor,
        global::Envoy.Extensions.LoadBalancingPolicies.Maglev.V3.MaglevReflection.Descriptor,
        global::Envoy.Extensions.LoadBalancingPolicies.Random.V3.RandomReflection.Descriptor,
        global::Envoy.Extensions.LoadBalancingPolicies.RingHash.V3.RingHashReflection.Descriptor,
        global::Envoy.Extensions.LoadBalancingPolicies.RoundRobin.V3.RoundRobinReflection.Descriptor,
        global::Envoy.Extensions.Matching.CommonInputs.Network.V3.NetworkInputsReflection.Descriptor,
        global::Envoy.Extensions.Network.DnsResolver.Cares.V3.CaresDnsResolverReflection.Descriptor,
        global::Envoy.Extensions.RegexEngines.V3.GoogleRe2Reflection.Descriptor,
        global::Envoy.Extensions.RequestId.Uuid.V3.UuidReflection.Descriptor,
        global::Envoy.Extensions.ResourceMonitors.DownstreamConnections.V3.DownstreamConnectionsReflection.Descriptor,
        global::Envoy.Extensions.Retry.Host.PreviousHosts.V3.PreviousHostsReflection.Descriptor,
        global::Envoy.Extensions.TransportSockets.InternalUpstream.V3.InternalUpstreamReflection.Descriptor,
        global::Envoy.Extensions.TransportSockets.Quic.V3.QuicTransportReflection.Descriptor,
        global::Envoy.Extensions.TransportSockets.Tls.V3.CommonReflection.Descriptor,
        global::Envoy.Extensions.TransportSockets.Tls.V3.SecretReflection.Descriptor,
        global::Envoy.Extensions.TransportSockets.Tls.V3.TlsReflection.Descriptor,
        global::Envoy.Extensions.TransportSockets.Tls.V3.TlsSpiffeValidatorConfigReflection.Descriptor,
        global::Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptionsReflection.Descriptor,
        global::Envoy.Extensions.Upstreams.Tcp.V3.TcpProtocolOptionsReflection.Descriptor,
        global::Envoy.Service.Accesslog.V3.AlsReflection.Descriptor,
        global::Envoy.Service.Cluster.V3.CdsReflection.Descriptor,
        global::Envoy.Service.Discovery.V3.AdsReflection.Descriptor,
        global::Envoy.Service.Discovery.V3.DiscoveryReflection.Descriptor,
        global::Envoy.Service.Endpoint.V3.EdsReflection.Descriptor,
        global::Envoy.Service.Listener.V3.LdsReflection.Descriptor,
        global::Envoy.Service.Route.V3.RdsReflection.Descriptor,
        global::Envoy.Service.Secret.V3.SdsReflection.Descriptor,
        global::Envoy.Type.Matcher.V3.HttpInputsReflection.Descriptor,
        global::Udpa.Type.V1.TypedStructReflection.Descriptor,
        global::Xds.Type.Matcher.V3.IpReflection.Descriptor,
        global::Xds.Type.V3.TypedStructReflection.Descriptor,
        // Well-known types: Any's own JSON form and the types typed_config may wrap directly.
        global::Google.Protobuf.WellKnownTypes.AnyReflection.Descriptor,
        global::Google.Protobuf.WellKnownTypes.DurationReflection.Descriptor,
        global::Google.Protobuf.WellKnownTypes.EmptyReflection.Descriptor,
        global::Google.Protobuf.WellKnownTypes.FieldMaskReflection.Descriptor,
        global::Google.Protobuf.WellKnownTypes.StructReflection.Descriptor,
        global::Google.Protobuf.WellKnownTypes.TimestampReflection.Descriptor,
        global::Google.Protobuf.WellKnownTypes.WrappersReflection.Descriptor,
    ];

    /// <summary>The registry over <see cref="Files"/> and everything they import.</summary>
    public static TypeRegistry Instance { get; } = TypeRegistry.FromFiles([.. Files]);
}
