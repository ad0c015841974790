using System.Collections.Immutable;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Upstreams.Http.V3;
using Envoy.Extensions.Upstreams.Tcp.V3;
using HttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;
using TcpProtocolOptions = Envoy.Extensions.Upstreams.Tcp.V3.TcpProtocolOptions;
using Google.Protobuf.WellKnownTypes;

// The legacy cluster HTTP fields are deprecated in the API, but Envoy (and older Istio) still use them.
#pragma warning disable CS0612

namespace Proxy.Upstream.Config;

/// <summary>
/// Translates <c>typed_extension_protocol_options</c> and the legacy HTTP fields of a cluster. Following Envoy's
/// <c>ClusterInfoImpl</c>: typed HttpProtocolOptions win over the legacy fields; both max_requests_per_connection
/// at once is an error; idle_timeout defaults to 1h and 0 disables it.
/// </summary>
internal static class HttpProtocolOptionsTranslator
{
    public const string HttpOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    public const string TcpOptionsKey = "envoy.extensions.upstreams.tcp.v3.TcpProtocolOptions";

    // Deprecated extension names Envoy still resolves to the same factories.
    private const string LegacyHttpOptionsKey = "envoy.upstreams.http.http_protocol_options";
    private const string LegacyTcpOptionsKey = "envoy.upstreams.tcp.tcp_protocol_options";

    /// <summary>The upstream HTTP settings and the TCP pool idle timeout (default 10 min, null = none).</summary>
    public static (HttpProtocolConfig Http, TimeSpan? TcpPoolIdleTimeout) Translate(Cluster cluster)
    {
        HttpProtocolOptions? typed = null;
        TimeSpan? tcpIdle = TimeSpan.FromMinutes(10);
        foreach (var (key, any) in cluster.TypedExtensionProtocolOptions)
        {
            var path = $"typed_extension_protocol_options['{key}']";
            switch (key)
            {
                case HttpOptionsKey or LegacyHttpOptionsKey:
                    typed = ProtoValues.Unpack(any, HttpProtocolOptions.Parser, "envoy.extensions.upstreams.http.v3.HttpProtocolOptions", path);
                    break;
                case TcpOptionsKey or LegacyTcpOptionsKey:
                    var tcp = ProtoValues.Unpack(any, TcpProtocolOptions.Parser, "envoy.extensions.upstreams.tcp.v3.TcpProtocolOptions", path);
                    if (tcp.IdleTimeout is not null)
                    {
                        var idle = ProtoValues.ToTimeSpan(tcp.IdleTimeout, path + ".idle_timeout");
                        tcpIdle = idle == TimeSpan.Zero ? null : idle;
                    }

                    break;
                default:
                    throw new FieldException(path,
                        $"Didn't find a registered network or http filter or protocol options implementation for name: '{key}'");
            }
        }

        var http = typed is null ? FromLegacy(cluster) : FromTyped(typed, HttpOptionsKey);
        if (cluster.MaxRequestsPerConnection is not null)
        {
            if (http.MaxRequestsPerConnection is not null)
            {
                throw new FieldException("max_requests_per_connection",
                    "Only one of max_requests_per_connection from Cluster or HttpProtocolOptions can be specified");
            }

            http = http with { MaxRequestsPerConnection = NonZero(cluster.MaxRequestsPerConnection) };
        }

        return (http, tcpIdle);
    }

    private static HttpProtocolConfig FromTyped(HttpProtocolOptions options, string key)
    {
        var path = $"typed_extension_protocol_options['{key}']";
        var config = Common(options.CommonHttpProtocolOptions, path + ".common_http_protocol_options");
        config = Upstream(config, options.UpstreamHttpProtocolOptions);
        if (options.HttpFilters.Count != 0)
        {
            config = config with { UpstreamHttpFilters = options.HttpFilters.Select(f => f.Name).ToImmutableArray() };
        }

        switch (options.UpstreamProtocolOptionsCase)
        {
            case HttpProtocolOptions.UpstreamProtocolOptionsOneofCase.ExplicitHttpConfig:
                var explicitConfig = options.ExplicitHttpConfig;
                var explicitPath = path + ".explicit_http_config";
                return explicitConfig.ProtocolConfigCase switch
                {
                    HttpProtocolOptions.Types.ExplicitHttpConfig.ProtocolConfigOneofCase.HttpProtocolOptions => config with
                    {
                        Selection = UpstreamProtocolSelection.Http1,
                        Http1 = Http1(explicitConfig.HttpProtocolOptions),
                    },
                    HttpProtocolOptions.Types.ExplicitHttpConfig.ProtocolConfigOneofCase.Http2ProtocolOptions => config with
                    {
                        Selection = UpstreamProtocolSelection.Http2,
                        Http2 = Http2(explicitConfig.Http2ProtocolOptions, explicitPath + ".http2_protocol_options"),
                    },
                    HttpProtocolOptions.Types.ExplicitHttpConfig.ProtocolConfigOneofCase.Http3ProtocolOptions =>
                        throw new FieldException(explicitPath + ".http3_protocol_options", "HTTP3 configured but not enabled in the build."),
                    _ => throw new FieldException(explicitPath, "one of http_protocol_options, http2_protocol_options is required"),
                };
            case HttpProtocolOptions.UpstreamProtocolOptionsOneofCase.UseDownstreamProtocolConfig:
                var downstream = options.UseDownstreamProtocolConfig;
                if (downstream.Http3ProtocolOptions is not null)
                {
                    throw new FieldException(path + ".use_downstream_protocol_config.http3_protocol_options",
                        "HTTP3 configured but not enabled in the build.");
                }

                return config with
                {
                    Selection = UpstreamProtocolSelection.UseDownstream,
                    Http1 = Http1(downstream.HttpProtocolOptions),
                    Http2 = Http2(downstream.Http2ProtocolOptions, path + ".use_downstream_protocol_config.http2_protocol_options"),
                };
            case HttpProtocolOptions.UpstreamProtocolOptionsOneofCase.AutoConfig:
                // HTTP/3 in auto_config needs QUIC and an alternate protocols cache; we offer h2 and http/1.1 only.
                var auto = options.AutoConfig;
                return config with
                {
                    Selection = UpstreamProtocolSelection.Auto,
                    Http1 = Http1(auto.HttpProtocolOptions),
                    Http2 = Http2(auto.Http2ProtocolOptions, path + ".auto_config.http2_protocol_options"),
                };
            default:
                throw new FieldException(path,
                    "one of explicit_http_config, use_downstream_protocol_config or auto_config is required");
        }
    }

    private static HttpProtocolConfig FromLegacy(Cluster cluster)
    {
        var downstream = cluster.ProtocolSelection == Cluster.Types.ClusterProtocolSelection.UseDownstreamProtocol;
        if (!downstream && cluster.HttpProtocolOptions is not null && cluster.Http2ProtocolOptions is not null)
        {
            throw new FieldException("http2_protocol_options",
                "Both HTTP1 and HTTP2 options may only be configured with non-default 'protocol_selection' values");
        }

        var config = Common(cluster.CommonHttpProtocolOptions, "common_http_protocol_options");
        config = Upstream(config, cluster.UpstreamHttpProtocolOptions);
        return config with
        {
            Selection = downstream
                ? UpstreamProtocolSelection.UseDownstream
                : cluster.Http2ProtocolOptions is not null ? UpstreamProtocolSelection.Http2 : UpstreamProtocolSelection.Http1,
            Http1 = Http1(cluster.HttpProtocolOptions),
            Http2 = Http2(cluster.Http2ProtocolOptions, "http2_protocol_options"),
        };
    }

    private static HttpProtocolConfig Common(Envoy.Config.Core.V3.HttpProtocolOptions? common, string path)
    {
        var config = HttpProtocolConfig.Default;
        if (common is null)
        {
            return config;
        }

        if (common.MaxHeadersCount is 0)
        {
            throw new FieldException(path + ".max_headers_count", "must be at least 1");
        }

        return config with
        {
            IdleTimeout = ZeroIsNone(common.IdleTimeout, config.IdleTimeout, path + ".idle_timeout"),
            MaxConnectionDuration = ZeroIsNone(common.MaxConnectionDuration, null, path + ".max_connection_duration"),
            MaxHeadersCount = common.MaxHeadersCount ?? config.MaxHeadersCount,
            MaxStreamDuration = ZeroIsNone(common.MaxStreamDuration, null, path + ".max_stream_duration"),
            HeadersWithUnderscoresAction = common.HeadersWithUnderscoresAction switch
            {
                Envoy.Config.Core.V3.HttpProtocolOptions.Types.HeadersWithUnderscoresAction.RejectRequest => HeadersWithUnderscoresAction.RejectRequest,
                Envoy.Config.Core.V3.HttpProtocolOptions.Types.HeadersWithUnderscoresAction.DropHeader => HeadersWithUnderscoresAction.DropHeader,
                _ => HeadersWithUnderscoresAction.Allow,
            },
            MaxRequestsPerConnection = NonZero(common.MaxRequestsPerConnection),
        };
    }

    private static HttpProtocolConfig Upstream(HttpProtocolConfig config, UpstreamHttpProtocolOptions? upstream) =>
        upstream is null
            ? config
            : config with
            {
                AutoSni = upstream.AutoSni,
                AutoSanValidation = upstream.AutoSanValidation,
                OverrideAutoSniHeader = upstream.OverrideAutoSniHeader,
            };

    private static Http1Settings Http1(Http1ProtocolOptions? options) =>
        options is null
            ? Http1Settings.Default
            : new Http1Settings
            {
                AcceptHttp10 = options.AcceptHttp10,
                DefaultHostForHttp10 = options.DefaultHostForHttp10,
                EnableTrailers = options.EnableTrailers,
                AllowChunkedLength = options.AllowChunkedLength,
                ProperCaseHeaders = options.HeaderKeyFormat?.HeaderFormatCase ==
                    Http1ProtocolOptions.Types.HeaderKeyFormat.HeaderFormatOneofCase.ProperCaseWords,
                SendFullyQualifiedUrl = options.SendFullyQualifiedUrl,
            };

    private static Http2Settings Http2(Http2ProtocolOptions? options, string path)
    {
        if (options is null)
        {
            return Http2Settings.Default;
        }

        // validate.proto ranges of Http2ProtocolOptions.
        if (options.MaxConcurrentStreams is < 1 or > 2147483647)
        {
            throw new FieldException(path + ".max_concurrent_streams", $"must be within [1, 2147483647], got {options.MaxConcurrentStreams}");
        }

        if (options.InitialStreamWindowSize is < 65535 or > 2147483647)
        {
            throw new FieldException(path + ".initial_stream_window_size", $"must be within [65535, 2147483647], got {options.InitialStreamWindowSize}");
        }

        if (options.InitialConnectionWindowSize is < 65535 or > 2147483647)
        {
            throw new FieldException(path + ".initial_connection_window_size", $"must be within [65535, 2147483647], got {options.InitialConnectionWindowSize}");
        }

        var keepalive = options.ConnectionKeepalive;
        if (keepalive is not null && keepalive.Timeout is null)
        {
            throw new FieldException(path + ".connection_keepalive.timeout", "is required");
        }

        var defaults = Http2Settings.Default;
        return new Http2Settings
        {
            MaxConcurrentStreams = options.MaxConcurrentStreams ?? defaults.MaxConcurrentStreams,
            InitialStreamWindowSize = options.InitialStreamWindowSize ?? defaults.InitialStreamWindowSize,
            InitialConnectionWindowSize = options.InitialConnectionWindowSize ?? defaults.InitialConnectionWindowSize,
            HpackTableSize = options.HpackTableSize ?? defaults.HpackTableSize,
            AllowConnect = options.AllowConnect,
            AllowMetadata = options.AllowMetadata,
            MaxOutboundFrames = options.MaxOutboundFrames ?? defaults.MaxOutboundFrames,
            MaxOutboundControlFrames = options.MaxOutboundControlFrames ?? defaults.MaxOutboundControlFrames,
            KeepaliveInterval = keepalive?.Interval is null ? null : ProtoValues.ToTimeSpan(keepalive.Interval, path + ".connection_keepalive.interval"),
            KeepaliveTimeout = keepalive?.Timeout is null ? null : ProtoValues.ToTimeSpan(keepalive.Timeout, path + ".connection_keepalive.timeout"),
            KeepaliveConnectionIdleInterval = keepalive?.ConnectionIdleInterval is null
                ? null
                : ProtoValues.ToTimeSpan(keepalive.ConnectionIdleInterval, path + ".connection_keepalive.connection_idle_interval"),
        };
    }

    /// <summary>Envoy's convention for these timeouts: unset keeps the default, 0 means "no timeout".</summary>
    private static TimeSpan? ZeroIsNone(Duration? duration, TimeSpan? defaultValue, string path)
    {
        if (duration is null)
        {
            return defaultValue;
        }

        var value = ProtoValues.ToTimeSpan(duration, path);
        if (value < TimeSpan.Zero)
        {
            throw new FieldException(path, "must not be negative");
        }

        return value == TimeSpan.Zero ? null : value;
    }

    /// <summary>max_requests_per_connection: unset or 0 means no limit.</summary>
    private static uint? NonZero(uint? value) => value is null or 0 ? null : value;
}
