namespace Proxy.Logging;

/// <summary>
/// Envoy's logger ids (ALL_LOGGER_IDS in source/common/common/logger.h), in Envoy's order, which is the order
/// of admin <c>/logging</c> and of <c>--component-log-level</c> validation; and the mapping from .NET logger
/// categories onto them. A category that is itself a component name ("upstream") maps to it; otherwise the
/// framework prefixes (<see cref="PrefixTable"/>) and then the most specific namespace segment found in
/// <see cref="SegmentTable"/> decide; otherwise "misc", Envoy's
/// catch-all logger.
/// </summary>
public static class LoggerComponents
{
    /// <summary>Envoy's logger ids, in Envoy's order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "admin", "alternate_protocols_cache", "aws", "assert", "backtrace", "basic_auth", "cache_filter", "client",
        "config", "connection", "conn_handler", "decompression", "dns", "dubbo", "envoy_bug", "ext_authz", "ext_proc",
        "rocketmq", "file", "filter", "forward_proxy", "geolocation", "grpc", "happy_eyeballs", "hc", "health_checker",
        "http", "http2", "hystrix", "init", "io", "jwt", "kafka", "key_value_store", "lua", "main", "matcher", "misc",
        "mongo", "multi_connection", "oauth2", "quic", "quic_stream", "pool", "rate_limit_quota", "rbac", "rds", "redis",
        "router", "runtime", "stats", "secret", "tap", "testing", "thrift", "tracing", "upstream", "udp", "wasm",
        "websocket", "golang",
    ];

    /// <summary>Envoy's catch-all logger, used for categories nothing else claims.</summary>
    public const string Misc = "misc";

    private static readonly Dictionary<string, int> Index = BuildIndex();

    /// <summary>Namespace or type-name segment (case-insensitive) → component.</summary>
    private static readonly Dictionary<string, string> SegmentTable = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Admin"] = "admin",
        ["Bootstrap"] = "config",
        ["Config"] = "config",
        ["Xds"] = "config",
        ["Cli"] = "main",
        ["Server"] = "main",
        ["Program"] = "main",
        ["Iptables"] = "main",
        ["Listener"] = "conn_handler",
        ["Listeners"] = "conn_handler",
        ["Connection"] = "connection",
        ["Connections"] = "connection",
        ["Transport"] = "connection",
        ["Http"] = "http",
        ["Http1"] = "http",
        ["Kestrel"] = "http",
        ["Http2"] = "http2",
        ["Routing"] = "router",
        ["Router"] = "router",
        ["Upstream"] = "upstream",
        ["Cluster"] = "upstream",
        ["Clusters"] = "upstream",
        ["LoadBalancing"] = "upstream",
        ["Outlier"] = "upstream",
        ["Pool"] = "pool",
        ["ConnectionPool"] = "pool",
        ["Health"] = "hc",
        ["HealthCheck"] = "hc",
        ["Dns"] = "dns",
        ["Runtime"] = "runtime",
        ["Stats"] = "stats",
        ["Tls"] = "secret",
        ["Secret"] = "secret",
        ["Secrets"] = "secret",
        ["Sds"] = "secret",
        ["Tracing"] = "tracing",
        ["Grpc"] = "grpc",
        ["AccessLog"] = "file",
        ["AccessLogs"] = "file",
        ["Filters"] = "filter",
        ["Filter"] = "filter",
        ["TcpProxy"] = "filter",
        ["Rbac"] = "rbac",
        ["Wasm"] = "wasm",
        ["Init"] = "init",
        ["Udp"] = "udp",
        ["Jwt"] = "jwt",
        ["ExtAuthz"] = "ext_authz",
        ["WebSocket"] = "websocket",
        ["Matcher"] = "matcher",
        ["Matching"] = "matcher",
    };

    /// <summary>Framework categories, checked before the segments: longest prefix first.</summary>
    private static readonly (string Prefix, string Component)[] PrefixTable =
    [
        // SocketsHttpHandler/HttpClient carry our upstream requests: Envoy's codec client logs as "client".
        ("System.Net.Http", "client"),
        ("System.Net.Sockets", "connection"),
        ("Microsoft.AspNetCore.Server.Kestrel", "http"),
        ("Microsoft.AspNetCore", "http"),
    ];

    /// <summary>The position of <paramref name="component"/> in <see cref="All"/>, or -1.</summary>
    public static int IndexOf(string component) => Index.TryGetValue(component, out var i) ? i : -1;

    public static bool IsKnown(string component) => Index.ContainsKey(component);

    /// <summary>The component a .NET logger category logs as.</summary>
    public static string ForCategory(string category)
    {
        if (Index.ContainsKey(category))
        {
            return category;
        }

        foreach (var (prefix, mapped) in PrefixTable)
        {
            if (category.StartsWith(prefix, StringComparison.Ordinal))
            {
                return mapped;
            }
        }

        var segments = category.Split('.');
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            if (SegmentTable.TryGetValue(segments[i], out var component))
            {
                return component;
            }
        }

        return Misc;
    }

    private static Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < All.Count; i++)
        {
            index[All[i]] = i;
        }

        return index;
    }
}
