namespace Proxy.Stats;

/// <summary>
/// Envoy's built-in tag extractors (<c>source/common/config/well_known_names.cc</c>, <c>TagNameValues</c>),
/// used when <c>stats_config.use_all_default_tags</c> is unset or true, and looked up by name when a
/// <c>stats_tags</c> entry names one of them without a regex. The RE2 ones come first, then the
/// token-pattern ones, each in Envoy's order; the order decides the order of tags on a stat.
/// </summary>
internal static class DefaultTagExtractors
{
    // Envoy's expandRegex substitutions.
    private const string TagValue = @"[^\.]+";
    private const string Address = @"(?:(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[[a-fA-F_\d]+\])_\d+)";
    private const string Cipher = @"[\w-]+";
    private const string TlsVersion = @"TLSv\d\.\d";
    private const string RouteConfigName = @"[\w-\.]+";
    private const string ListenerOrClusterWithName = @"(?:listener|cluster)\..*?";

    /// <summary>The tag names of the built-in extractors (Envoy's <c>TagNames</c>).</summary>
    public const string ClusterName = "envoy.cluster_name";
    public const string ListenerAddress = "envoy.listener_address";
    public const string HttpConnManagerPrefix = "envoy.http_conn_manager_prefix";
    public const string ResponseCode = "envoy.response_code";
    public const string ResponseCodeClass = "envoy.response_code_class";

    private static readonly (string Name, string Regex, string Substring, string NegativeMatch)[] Re2Descriptors =
    [
        // *_rq(_<response_code>)
        (ResponseCode, @"_rq(_(\d{3}))$", "_rq_", ""),

        // *_rq_(<response_code_class>)xx
        (ResponseCodeClass, @"_rq_((\d))xx$", "_rq_", ""),

        // http.[<stat_prefix>.]dynamodb.table.[<table_name>.]capacity.[<operation_name>.](__partition_id=<id>)
        ("envoy.dynamo_partition_id",
            $@"^http\.{TagValue}\.dynamodb\.table\.{TagValue}\.capacity\.{TagValue}(\.__partition_id=(\w{{7}}))$",
            ".dynamodb.table.", ""),

        // http.[<stat_prefix>.]dynamodb.operation.(<operation_name>.)* or ...table.[<table>.]capacity.(<op>.)
        ("envoy.dynamo_operation",
            $@"^http\.{TagValue}\.dynamodb.(?:operation|table\.{TagValue}\.capacity)(\.({TagValue}))(?:\.|$)",
            ".dynamodb.", ""),

        // http.[<stat_prefix>.]dynamodb.table.(<table_name>.)* or http.[<stat_prefix>.]dynamodb.error.(<table_name>.)*
        ("envoy.dynamo_table", $@"^http\.{TagValue}\.dynamodb.(?:table|error)\.(({TagValue})\.)", ".dynamodb.", ""),

        // listener.[<address>.]ssl.ciphers.(<cipher>)
        ("envoy.ssl_cipher", $@"^listener\..*?\.ssl\.ciphers(\.({Cipher}))$", ".ssl.ciphers.", ""),

        // listener|cluster.[<name>.]ssl.curves.(<curve>)
        ("envoy.ssl_curve", $@"^{ListenerOrClusterWithName}\.ssl\.curves(\.({Cipher}))$", ".ssl.curves.", ""),

        // listener|cluster.[<name>.]ssl.sigalgs.(<algorithm>)
        ("envoy.ssl_sigalg", $@"^{ListenerOrClusterWithName}\.ssl\.sigalgs(\.({Cipher}))$", ".ssl.sigalgs.", ""),

        // listener|cluster.[<name>.]ssl.versions.(<version>)
        ("envoy.ssl_version", $@"^{ListenerOrClusterWithName}\.ssl\.versions(\.({TlsVersion}))$", ".ssl.versions.", ""),

        // cluster.[<cluster_name>.]ssl.ciphers.(<cipher>)
        ("cipher_suite", $@"^cluster\.{TagValue}\.ssl\.ciphers(\.({Cipher}))$", ".ssl.ciphers.", ""),

        // listener.[<address>.]http.(<stat_prefix>.)*
        (HttpConnManagerPrefix, $@"^listener\..*?\.http\.(({TagValue})\.)", ".http.", ""),

        // listener.<address|stat_prefix>.(worker_<id>.)*, listener_manager.(worker_<id>.)*, server.(worker_<id>.)*
        ("envoy.worker_id",
            $@"^(?:listener\.(?:{Address}|{TagValue})\.|server\.|listener_manager\.)worker_((\d+)\.)", "", ""),

        // listener.(<address|stat_prefix>.)*, except "admin"
        (ListenerAddress, $@"^listener\.(({Address}|{TagValue})\.)", "", "admin"),

        // http.[<stat_prefix>.]rds.(<route_config_name>.)<base_stat>
        ("envoy.rds_route_config", $@"^http\.{TagValue}\.rds\.(({RouteConfigName})\.)\w+?$", ".rds.", ""),
    ];

    private static readonly (string Name, string Pattern)[] TokenDescriptors =
    [
        ("envoy.mongo_callsite", "mongo.*.collection.*.callsite.$.query.**"),
        ("envoy.mongo_collection", "mongo.*.collection.$.**.query.*"),
        ("envoy.mongo_cmd", "mongo.*.cmd.$.**"),
        ("envoy.grpc_bridge_method", "cluster.*.grpc.*.$.**"),
        ("envoy.http_user_agent", "http.*.user_agent.$.**"),
        ("envoy.virtual_cluster", "vhost.*.vcluster.$.**"),
        ("envoy.fault_downstream_cluster", "http.*.fault.$.**"),
        ("envoy.grpc_bridge_service", "cluster.*.grpc.$.**"),
        ("envoy.tcp_prefix", "tcp.$.**"),
        ("envoy.udp_prefix", "udp.$.**"),
        ("envoy.clientssl_prefix", "auth.clientssl.$.**"),
        ("envoy.ratelimit_prefix", "ratelimit.$.**"),
        (ClusterName, "cluster.$.**"),
        ("envoy.ext_authz_prefix", "cluster.*.ext_authz.$.**"),
        ("envoy.ext_authz_prefix", "http.*.ext_authz.$.**"),
        (HttpConnManagerPrefix, "http.$.**"),
        ("envoy.virtual_host", "vhost.$.**"),
        ("envoy.mongo_prefix", "mongo.$.**"),
        ("envoy.route", "vhost.*.route.$.**"),
        ("envoy.thrift_prefix", "thrift.$.**"),
        ("envoy.redis_prefix", "redis.$.**"),
        ("envoy.local_http_ratelimit_prefix", "$.http_local_rate_limit.**"),
        ("envoy.local_network_ratelimit_prefix", "local_rate_limit.$.**"),
        ("envoy.local_listener_ratelimit_prefix", "listener_local_ratelimit.$.**"),
        ("envoy.dns_filter_prefix", "dns_filter.$.**"),
    ];

    /// <summary>All built-in extractors, in Envoy's order.</summary>
    public static IEnumerable<TagExtractor> All() => Matching(null);

    /// <summary>The built-in extractors for one tag name (none when the name is not built in).</summary>
    public static IEnumerable<TagExtractor> Matching(string? name)
    {
        foreach (var d in Re2Descriptors)
        {
            if (name is null || d.Name == name)
            {
                yield return new RegexTagExtractor(d.Name, d.Regex, RegexDialect.Re2, d.Substring, d.NegativeMatch);
            }
        }

        foreach (var d in TokenDescriptors)
        {
            if (name is null || d.Name == name)
            {
                yield return new TokenTagExtractor(d.Name, d.Pattern);
            }
        }
    }
}
