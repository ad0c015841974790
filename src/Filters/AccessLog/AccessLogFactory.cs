using Envoy.Extensions.AccessLoggers.File.V3;
using Envoy.Extensions.AccessLoggers.Grpc.V3;
using Proxy.Filters.AccessLog.Grpc;
using Envoy.Extensions.AccessLoggers.Stream.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.AccessLog.Filters;
using Proxy.Filters.Extensions;
using Proxy.Filters.Formatting;
using Proxy.Xds;
using JsonFormatter = Proxy.Filters.Formatting.JsonFormatter;
using ProtoAccessLog = Envoy.Config.Accesslog.V3.AccessLog;

namespace Proxy.Filters.AccessLog;

/// <summary>
/// Builds access loggers from <c>access_log</c> entries (config.accesslog.v3.AccessLog), keyed by the type of
/// <c>typed_config</c>: FileAccessLog, StdoutAccessLog, StderrAccessLog. Validation errors are
/// <see cref="ConfigException"/>s naming the field (<c>typed_config.log_format.text_format_source: ...</c>).
/// </summary>
public static class AccessLogFactory
{
    public const string FileAccessLogType = "envoy.extensions.access_loggers.file.v3.FileAccessLog";
    public const string StdoutAccessLogType = "envoy.extensions.access_loggers.stream.v3.StdoutAccessLog";
    public const string StderrAccessLogType = "envoy.extensions.access_loggers.stream.v3.StderrAccessLog";
    public const string HttpGrpcAccessLogType = "envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig";
    public const string TcpGrpcAccessLogType = "envoy.extensions.access_loggers.grpc.v3.TcpGrpcAccessLogConfig";

    /// <summary>Builds every logger of a list; errors are prefixed with <c>access_log[i]</c>.</summary>
    public static IAccessLogger[] CreateAll(IEnumerable<ProtoAccessLog> protos, AccessLogFactoryContext context)
    {
        var loggers = new List<IAccessLogger>();
        var index = 0;
        foreach (var proto in protos)
        {
            try
            {
                loggers.Add(Create(proto, context));
            }
            catch (ConfigException e)
            {
                throw ConfigException.At($"access_log[{index}]", e);
            }

            index++;
        }

        return [.. loggers];
    }

    public static IAccessLogger Create(ProtoAccessLog proto, AccessLogFactoryContext context)
    {
        ArgumentNullException.ThrowIfNull(proto);
        ArgumentNullException.ThrowIfNull(context);

        IAccessLogFilter? filter = null;
        if (proto.Filter is not null)
        {
            try
            {
                filter = AccessLogFilterFactory.Create(proto.Filter, context.TimeProvider, context.Random);
            }
            catch (ConfigException e)
            {
                throw ConfigException.At("filter", e);
            }
        }

        var typeName = proto.TypedConfig is null ? TypeForName(proto.Name) : AnyTypes.NameOf(proto.TypedConfig.TypeUrl);
        try
        {
            return typeName switch
            {
                FileAccessLogType => File(Unpack(proto, FileAccessLog.Parser), filter, context),
                StdoutAccessLogType => Stream(Unpack(proto, StdoutAccessLog.Parser).LogFormat, filter, context, context.Files.Stdout()),
                StderrAccessLogType => Stream(Unpack(proto, StderrAccessLog.Parser).LogFormat, filter, context, context.Files.Stderr()),
                HttpGrpcAccessLogType => GrpcLoggers.Http(Unpack(proto, HttpGrpcAccessLogConfig.Parser), filter, context),
                TcpGrpcAccessLogType => GrpcLoggers.Tcp(Unpack(proto, TcpGrpcAccessLogConfig.Parser), filter, context),
                _ => throw new ConfigException(
                    $"unsupported access logger '{proto.Name}' ({(proto.TypedConfig is null ? "no typed_config" : proto.TypedConfig.TypeUrl)})"),
            };
        }
        catch (ConfigException e) when (proto.TypedConfig is not null && typeName is FileAccessLogType or StdoutAccessLogType or StderrAccessLogType or HttpGrpcAccessLogType or TcpGrpcAccessLogType)
        {
            throw ConfigException.At("typed_config", e);
        }
    }

    /// <summary>
    /// Translates a FileAccessLog: <c>log_format</c>, or the deprecated <c>format</c> (empty: default),
    /// <c>json_format</c> (every value a string) and <c>typed_json_format</c>; Envoy's default format otherwise.
    /// </summary>
    private static FormattedAccessLogger File(FileAccessLog config, IAccessLogFilter? filter, AccessLogFactoryContext context)
    {
        if (config.Path.Length == 0)
        {
            throw new ConfigException("path: value length must be at least 1 characters");
        }

        var options = context.FormatterOptions;
        LogFormat format;
#pragma warning disable CS0612, CS0618 // the deprecated fields are what many deployed configs still use
        switch (config.AccessLogFormatCase)
        {
            case FileAccessLog.AccessLogFormatOneofCase.Format:
                format = config.Format.Length == 0
                    ? LogFormat.Default(options)
                    : new LogFormat(Parse(() => SubstitutionFormatter.Parse(config.Format, options: options), "format"), LogFormat.TextContentType);
                break;
            case FileAccessLog.AccessLogFormatOneofCase.JsonFormat:
                format = new LogFormat(Parse(() => JsonFormatter.Parse(config.JsonFormat, typed: false, options: options), "json_format"), LogFormat.JsonContentType);
                break;
            case FileAccessLog.AccessLogFormatOneofCase.TypedJsonFormat:
                format = new LogFormat(Parse(() => JsonFormatter.Parse(config.TypedJsonFormat, typed: true, options: options), "typed_json_format"), LogFormat.JsonContentType);
                break;
            case FileAccessLog.AccessLogFormatOneofCase.LogFormat:
                format = Parse(() => LogFormat.FromProto(config.LogFormat, options), "log_format");
                break;
            default:
                format = LogFormat.Default(options);
                break;
        }
#pragma warning restore CS0612, CS0618

        var file = context.Files.GetOrCreate(config.Path);
        return new FormattedAccessLogger(filter, format, file);
    }

    private static FormattedAccessLogger Stream(Envoy.Config.Core.V3.SubstitutionFormatString? logFormat, IAccessLogFilter? filter, AccessLogFactoryContext context, Files.AccessLogFile file)
    {
        var format = logFormat is null
            ? LogFormat.Default(context.FormatterOptions)
            : Parse(() => LogFormat.FromProto(logFormat, context.FormatterOptions), "log_format");
        return new FormattedAccessLogger(filter, format, file);
    }

    private static T Parse<T>(Func<T> build, string field)
    {
        try
        {
            return build();
        }
        catch (ConfigException e)
        {
            throw ConfigException.At(field, e);
        }
    }

    private static T Unpack<T>(ProtoAccessLog proto, MessageParser<T> parser)
        where T : IMessage<T>
    {
        if (proto.TypedConfig is null)
        {
            return parser.ParseFrom(ByteString.Empty);
        }

        try
        {
            return parser.ParseFrom(proto.TypedConfig.Value);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ConfigException($"cannot decode {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Envoy also finds an extension by its name when typed_config is absent.</summary>
    private static string TypeForName(string name) => name switch
    {
        "envoy.access_loggers.file" or "envoy.file_access_log" => FileAccessLogType,
        "envoy.access_loggers.stdout" => StdoutAccessLogType,
        "envoy.access_loggers.stderr" => StderrAccessLogType,
        _ => name,
    };
}
