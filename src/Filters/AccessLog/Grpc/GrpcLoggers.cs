using Envoy.Extensions.AccessLoggers.Grpc.V3;
using Proxy.Filters.AccessLog.Filters;
using Proxy.Filters.Extensions;

namespace Proxy.Filters.AccessLog.Grpc;

/// <summary>
/// Builds envoy.access_loggers.http_grpc and tcp_grpc from their configs: common_config.log_name and
/// common_config.grpc_service.envoy_grpc.cluster_name are required; buffer_flush_interval defaults to 1 s and
/// buffer_size_bytes to 16384, as in Envoy.
/// </summary>
internal static class GrpcLoggers
{
    public static IAccessLogger Http(HttpGrpcAccessLogConfig config, IAccessLogFilter? filter, AccessLogFactoryContext context)
    {
        var stream = StreamFor(config.CommonConfig, "http", context);
        var entries = new AccessLogEntryBuilder(context.TimeProvider, config.AdditionalRequestHeadersToLog, config.AdditionalResponseHeadersToLog);
        return new GrpcAccessLogger(stream, filter, http: true, entries);
    }

    public static IAccessLogger Tcp(TcpGrpcAccessLogConfig config, IAccessLogFilter? filter, AccessLogFactoryContext context)
    {
        var stream = StreamFor(config.CommonConfig, "tcp", context);
        return new GrpcAccessLogger(stream, filter, http: false, new AccessLogEntryBuilder(context.TimeProvider, [], []));
    }

    private static GrpcLogStream StreamFor(CommonGrpcAccessLogConfig? common, string kind, AccessLogFactoryContext context)
    {
        if (common is null)
        {
            throw new ConfigException("common_config: is required");
        }

        if (string.IsNullOrEmpty(common.LogName))
        {
            throw new ConfigException("common_config.log_name: value length must be at least 1 characters");
        }

        var cluster = common.GrpcService?.EnvoyGrpc?.ClusterName;
        if (string.IsNullOrEmpty(cluster))
        {
            throw new ConfigException("common_config.grpc_service.envoy_grpc.cluster_name: is required (google_grpc is not supported)");
        }

        var flush = common.BufferFlushInterval?.ToTimeSpan() ?? TimeSpan.FromSeconds(1);
        if (flush <= TimeSpan.Zero)
        {
            flush = TimeSpan.FromSeconds(1);
        }

        var bytes = (int)Math.Min(common.BufferSizeBytes ?? 16384, int.MaxValue);
        return context.GrpcStreams.GetOrAdd(
            $"{kind}|{cluster}|{common.LogName}",
            _ => new GrpcLogStream(() => context.GrpcChannels(cluster), context.Node, common.LogName, flush, bytes, context.TimeProvider));
    }
}
