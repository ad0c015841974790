using System.Text;
using Google.Protobuf;
using Proxy.Xds;
using Proxy.Xds.Json;

namespace Proxy.Bootstrap;

/// <summary>
/// The single table of typed_config types the proxy knows. A bootstrap (and later an xDS resource) that uses
/// any other type is refused by name rather than half-run. Entries move from AcceptedIgnored to Implemented as
/// features land; <see cref="Describe"/> prints both lists for the README.
/// </summary>
public static class ExtensionCatalog
{
    /// <summary>How the note of an Istio-private entry begins.</summary>
    public const string IstioPrivatePrefix = "Istio-private, ";

    private const string Istio = "istio.workload.BootstrapExtension";

    public static IReadOnlyList<ExtensionEntry> Entries { get; } =
    [
        // Network and listener filters, HTTP filters.
        Implemented("envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager", "HTTP connection manager (envoy.filters.network.http_connection_manager)"),
        Implemented("envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", "TCP proxy (envoy.filters.network.tcp_proxy)"),
        Implemented("envoy.extensions.filters.http.router.v3.Router", "HTTP router (envoy.filters.http.router)"),
        Implemented("envoy.extensions.filters.http.rbac.v3.RBAC", "role-based access control for requests, 403 when denied, shadow rules counted (envoy.filters.http.rbac); CEL conditions and the xDS matcher form are refused; `authenticated` principals never match until TLS is terminated"),
        Implemented("envoy.extensions.filters.http.rbac.v3.RBACPerRoute", "per-route RBAC rules (typed_per_filter_config)"),
        Implemented("envoy.config.route.v3.FilterConfig", "typed_per_filter_config wrapper: disabled turns the filter off for the route, config is unwrapped"),
        Implemented("envoy.extensions.filters.http.ext_authz.v3.ExtAuthz", "external authorization over gRPC (envoy.filters.http.ext_authz): Authorization/Check with headers and optionally the body, allow/deny/error as Envoy; http_service, runtime filter_enabled and deny_at_disable are refused"),
        Implemented("envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute", "per-route ext_authz: disabled or context_extensions"),
        Implemented("envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit", "local rate limiting (envoy.filters.http.local_ratelimit), per filter or per route: token buckets, descriptors from rate_limits actions (generic_key, header_value_match, request_headers, remote_address, masked_remote_address, source/destination_cluster), 429 with RL, x-ratelimit headers; runtime keys are not read (default_value applies)"),
        Implemented("envoy.extensions.filters.network.rbac.v3.RBAC", "role-based access control for connections, closed when denied (envoy.filters.network.rbac)"),
        Implemented("envoy.extensions.filters.listener.http_inspector.v3.HttpInspector", "HTTP/1 vs h2c detection (envoy.filters.listener.http_inspector)"),
        Implemented("envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector", "TLS ClientHello detection: transport \"tls\", SNI and ALPN for filter-chain match (envoy.filters.listener.tls_inspector)"),
        Implemented("envoy.extensions.filters.listener.original_dst.v3.OriginalDst", "original destination from SO_ORIGINAL_DST (IPv4 and IPv6) for use_original_dst hand-off and ORIGINAL_DST clusters"),

        // Upstream options, access loggers.
        Implemented("envoy.extensions.upstreams.http.v3.HttpProtocolOptions", "upstream HTTP protocol options (typed_extension_protocol_options)"),
        Implemented("envoy.extensions.access_loggers.file.v3.FileAccessLog", "file access log (envoy.access_loggers.file)"),
        Implemented("envoy.extensions.access_loggers.stream.v3.StdoutAccessLog", "stdout access log (envoy.access_loggers.stdout)"),
        Implemented("envoy.extensions.access_loggers.stream.v3.StderrAccessLog", "stderr access log (envoy.access_loggers.stderr)"),
        Implemented("envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig", "gRPC access log service, HTTP entries (envoy.access_loggers.http_grpc)"),
        Implemented("envoy.extensions.access_loggers.grpc.v3.TcpGrpcAccessLogConfig", "gRPC access log service, TCP entries (envoy.access_loggers.tcp_grpc)"),

        // Load-balancing policies Istio's DestinationRules map to (cluster types are enums, not typed_config).
        Implemented("envoy.extensions.load_balancing_policies.round_robin.v3.RoundRobin", "round robin load balancing"),
        Implemented("envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest", "least request load balancing"),
        Implemented("envoy.extensions.load_balancing_policies.random.v3.Random", "random load balancing"),
        Implemented("envoy.extensions.load_balancing_policies.ring_hash.v3.RingHash", "ring hash (consistent hash) load balancing"),
        Implemented("envoy.extensions.load_balancing_policies.maglev.v3.Maglev", "Maglev (consistent hash) load balancing"),
        Implemented("envoy.extensions.load_balancing_policies.cluster_provided.v3.ClusterProvided", "cluster-provided load balancing (ORIGINAL_DST)"),

        // What Istio's bootstrap and sidecar configuration use that the core does not run yet.
        Ignored("envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext", "TLS termination comes later: connections matching such a filter chain are closed, never served in plaintext"),
        Ignored("envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext", "TLS comes later: the cluster connects in plaintext"),
        Ignored("envoy.extensions.filters.http.compressor.v3.Compressor", "responses are not compressed yet"),
        Ignored("envoy.extensions.compression.brotli.compressor.v3.Brotli", "responses are not compressed yet"),
        Ignored("envoy.extensions.compression.gzip.compressor.v3.Gzip", "responses are not compressed yet"),
        Ignored("envoy.extensions.compression.zstd.compressor.v3.Zstd", "responses are not compressed yet"),
        Ignored("envoy.config.trace.v3.ZipkinConfig", "no spans are reported yet"),
        Ignored("envoy.config.trace.v3.DatadogConfig", "no spans are reported yet"),
        Ignored("envoy.config.trace.v3.LightstepConfig", "no spans are reported yet"),
        Ignored("envoy.config.trace.v3.OpenTelemetryConfig", "no spans are reported yet"),
        Ignored("envoy.config.metrics.v3.MetricsServiceConfig", "stats are served on the admin port only, not pushed"),
        Ignored("envoy.config.metrics.v3.StatsdSink", "stats are served on the admin port only, not pushed"),
        Ignored("envoy.extensions.bootstrap.internal_listener.v3.InternalListener", "internal listeners (HBONE/waypoint) are not supported yet"),
        Ignored(Istio, "Istio ambient bootstrap extension: workload metadata is not consumed yet"),
        Ignored("envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig", "the global downstream connection limit is not enforced yet"),
        Ignored("envoy.extensions.filters.http.wasm.v3.Wasm", "Wasm plugins do not run"),
        Ignored("envoy.extensions.filters.network.wasm.v3.Wasm", "Wasm plugins do not run"),
        Ignored("envoy.extensions.filters.http.grpc_stats.v3.FilterConfig", "per-method gRPC stats are not collected yet"),
        Ignored("envoy.extensions.filters.http.cors.v3.Cors", "CORS policies are not applied yet"),
        Ignored("envoy.extensions.filters.http.fault.v3.HTTPFault", "faults are not injected yet"),
        Ignored("envoy.extensions.filters.network.set_filter_state.v3.Config", "filter state for internal-listener and tunnel hand-offs (Istio HBONE), which are not reached yet"),
        Ignored("envoy.extensions.filters.http.set_filter_state.v3.Config", "filter state for internal-listener and tunnel hand-offs (Istio HBONE), which are not reached yet"),

        // Istio-private extensions (built into istio-proxy, not Envoy) that istiod puts in sidecar, gateway and
        // waypoint listeners. A sidecar must serve what istiod sends, so they are accepted and not applied.
        IstioPrivate("stats.PluginConfig", "istio.stats filter: istio_* request and TCP metrics are not produced yet"),
        IstioPrivate("envoy.tcp.metadataexchange.config.MetadataExchange", "TCP peer metadata exchange (istio.metadata_exchange): peer labels are not exchanged"),
        IstioPrivate("io.istio.http.peer_metadata.Config", "HTTP peer metadata exchange (istio.metadata_exchange): peer labels are not exchanged"),
        IstioPrivate("envoy.extensions.network_filters.peer_metadata.Config", "HBONE peer metadata: not exchanged"),
        IstioPrivate("envoy.extensions.network_filters.peer_metadata.UpstreamConfig", "HBONE upstream peer metadata: not exchanged"),
        IstioPrivate("istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig", "istio.alpn filter: upstream ALPN override matters only with upstream TLS, which comes later"),
        IstioPrivate("istio.envoy.config.filter.http.authn.v2alpha1.FilterConfig", "legacy authn filter (pre-1.6): peer identity is not extracted"),
        IstioPrivate("io.istio.network.authn.Config", "HBONE istio_authn filter: peer identity is not extracted"),
        IstioPrivate("istio.set_internal_dst_address.v1.Config", "HBONE destination hand-off to internal listeners: internal listeners are not reached yet"),
        IstioPrivate("io.istio.http.connect_authority.Config", "HBONE CONNECT authority filter: CONNECT tunnels are not originated yet"),
        IstioPrivate("io.istio.http.connect_baggage.Config", "HBONE baggage filter: CONNECT tunnels are not originated yet"),
    ];

    private static readonly Dictionary<string, ExtensionEntry> ByName = Entries.ToDictionary(e => e.TypeName, StringComparer.Ordinal);

    /// <summary>The entries the proxy runs.</summary>
    public static IReadOnlyList<ExtensionEntry> ImplementedEntries { get; } = [.. Entries.Where(e => e.Support == ExtensionSupport.Implemented)];

    /// <summary>The entries the proxy accepts without applying them.</summary>
    public static IReadOnlyList<ExtensionEntry> AcceptedIgnoredEntries { get; } = [.. Entries.Where(e => e.Support == ExtensionSupport.AcceptedIgnored)];

    /// <summary>The entry for a type URL (<c>type.googleapis.com/x.y.Z</c>) or a bare message name, or null.</summary>
    public static ExtensionEntry? Find(string typeUrlOrName) => ByName.GetValueOrDefault(TypeNameOf(typeUrlOrName));

    /// <summary>The message name of a type URL: what follows the last '/'.</summary>
    public static string TypeNameOf(string typeUrl) => typeUrl[(typeUrl.LastIndexOf('/') + 1)..];

    /// <summary>
    /// Checks every typed_config of <paramref name="config"/> (a message of <paramref name="typeName"/>) against the table and returns one note per use of
    /// an accepted-but-ignored type.
    /// </summary>
    /// <exception cref="ProtoJsonException">A type that is neither implemented nor accepted, with its path.</exception>
    public static IReadOnlyList<string> Check(IMessage config, string typeName, ProtoJsonReader reader, ICollection<string>? warnings = null)
    {
        var notes = new List<string>();
        foreach (var use in TypedConfigWalker.FindAll(config, typeName, reader, warnings))
        {
            var entry = Find(use.TypeUrl);
            if (entry is null)
            {
                var where = use.InTypedStruct ? " (named by a TypedStruct)" : string.Empty;
                throw new ProtoJsonException(use.Path, $"uses {use.TypeName}{where}, which this proxy does not implement");
            }

            if (entry.Support == ExtensionSupport.AcceptedIgnored)
            {
                notes.Add($"{use.Path}: {use.TypeName} is accepted but not applied: {entry.Note}");
            }
        }

        return notes;
    }

    /// <summary>Both lists as Markdown, for the README.</summary>
    public static string Describe()
    {
        var text = new StringBuilder("Implemented:\n");
        foreach (var entry in ImplementedEntries)
        {
            text.Append("- `").Append(entry.TypeName).Append("`: ").Append(entry.Note).Append('\n');
        }

        text.Append("\nAccepted but not applied yet:\n");
        foreach (var entry in AcceptedIgnoredEntries)
        {
            text.Append("- `").Append(entry.TypeName).Append("`: ").Append(entry.Note).Append('\n');
        }

        return text.ToString();
    }

    private static ExtensionEntry Implemented(string typeName, string note) => new(typeName, ExtensionSupport.Implemented, note);

    private static ExtensionEntry Ignored(string typeName, string note) => new(typeName, ExtensionSupport.AcceptedIgnored, note);

    /// <summary>An Istio-private extension (istio-proxy's own, outside Envoy's API package): accepted, not applied.</summary>
    private static ExtensionEntry IstioPrivate(string typeName, string note) => new(typeName, ExtensionSupport.AcceptedIgnored, IstioPrivatePrefix + note);
}
