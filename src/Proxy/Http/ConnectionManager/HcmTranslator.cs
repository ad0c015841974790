using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.Extensions;
using Proxy.Filters.Http;
using Proxy.Http.Codec;
using Proxy.Http.Filters;
using Proxy.Listeners.Config;
using Proxy.Xds;
using Hcm = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager;

namespace Proxy.Http.ConnectionManager;

/// <summary>Turns an HttpConnectionManager proto into a validated <see cref="HttpConnectionManagerConfig"/>.</summary>
internal static class HcmTranslator
{
    public static HttpConnectionManagerConfig Translate(Hcm proto, HcmTranslationContext context)
    {
        if (string.IsNullOrEmpty(proto.StatPrefix))
        {
            throw new ConfigException("stat_prefix: must not be empty");
        }

        var codec = proto.CodecType switch
        {
            Hcm.Types.CodecType.Auto => CodecType.Auto,
            Hcm.Types.CodecType.Http1 => CodecType.Http1,
            Hcm.Types.CodecType.Http2 => CodecType.Http2,
            _ => throw new ConfigException($"codec_type: {proto.CodecType} is not supported (HTTP/3 needs QUIC)"),
        };

        var config = new HttpConnectionManagerConfig
        {
            StatPrefix = proto.StatPrefix,
            CodecType = codec,
            ServerName = string.IsNullOrEmpty(proto.ServerName) ? "envoy" : proto.ServerName,
            ServerHeaderTransformation = proto.ServerHeaderTransformation switch
            {
                Hcm.Types.ServerHeaderTransformation.AppendIfAbsent => ServerHeaderTransformation.AppendIfAbsent,
                Hcm.Types.ServerHeaderTransformation.PassThrough => ServerHeaderTransformation.PassThrough,
                _ => ServerHeaderTransformation.Overwrite,
            },
            HeadersWithUnderscoresAction = proto.CommonHttpProtocolOptions?.HeadersWithUnderscoresAction switch
            {
                Envoy.Config.Core.V3.HttpProtocolOptions.Types.HeadersWithUnderscoresAction.RejectRequest => HeadersWithUnderscoresAction.RejectRequest,
                Envoy.Config.Core.V3.HttpProtocolOptions.Types.HeadersWithUnderscoresAction.DropHeader => HeadersWithUnderscoresAction.DropHeader,
                _ => HeadersWithUnderscoresAction.Allow,
            },
            StreamIdleTimeout = proto.StreamIdleTimeout?.ToTimeSpan() ?? TimeSpan.FromMinutes(5),
            RequestTimeout = proto.RequestTimeout?.ToTimeSpan() ?? TimeSpan.Zero,
            MaxStreamDuration = proto.CommonHttpProtocolOptions?.MaxStreamDuration?.ToTimeSpan() ?? TimeSpan.Zero,
            DrainTimeout = proto.DrainTimeout?.ToTimeSpan() ?? TimeSpan.FromSeconds(5),
            UseRemoteAddress = proto.UseRemoteAddress ?? false,
            XffNumTrustedHops = (int)proto.XffNumTrustedHops,
            SkipXffAppend = proto.SkipXffAppend,
            Via = string.IsNullOrEmpty(proto.Via) ? null : proto.Via,
            InternalCidrRanges = CidrRangeTranslator.Translate(proto.InternalAddressConfig?.CidrRanges, "internal_address_config.cidr_ranges"),
            UnixSocketsAreInternal = proto.InternalAddressConfig?.UnixSockets ?? false,
            GenerateRequestId = proto.GenerateRequestId ?? true,
            PreserveExternalRequestId = proto.PreserveExternalRequestId,
            AlwaysSetRequestIdInResponse = proto.AlwaysSetRequestIdInResponse,
            SanitizeClientCert = proto.ForwardClientCertDetails == Hcm.Types.ForwardClientCertDetails.Sanitize,
            NormalizePath = proto.NormalizePath ?? false,
            MergeSlashes = proto.MergeSlashes,
            RejectPathWithFragment = context.Runtime.FeatureEnabled(HttpConnectionManagerConfig.RejectPathWithFragmentFeature),
            PathWithEscapedSlashesAction = proto.PathWithEscapedSlashesAction switch
            {
                Hcm.Types.PathWithEscapedSlashesAction.RejectRequest => PathWithEscapedSlashesAction.RejectRequest,
                Hcm.Types.PathWithEscapedSlashesAction.UnescapeAndRedirect => PathWithEscapedSlashesAction.UnescapeAndRedirect,
                Hcm.Types.PathWithEscapedSlashesAction.UnescapeAndForward => PathWithEscapedSlashesAction.UnescapeAndForward,
                _ => PathWithEscapedSlashesAction.KeepUnchanged,
            },
            StripMatchingHostPort = proto.StripMatchingHostPort,
            StripAnyHostPort = proto.StripAnyHostPort,
            StripTrailingHostDot = proto.StripTrailingHostDot,
            Upgrades = TranslateUpgrades(proto),
            AddUserAgent = proto.AddUserAgent ?? false,
            AcceptHttp10 = proto.HttpProtocolOptions?.AcceptHttp10 ?? false,
            DefaultHostForHttp10 = string.IsNullOrEmpty(proto.HttpProtocolOptions?.DefaultHostForHttp10) ? null : proto.HttpProtocolOptions.DefaultHostForHttp10,
            Codec = TranslateCodec(proto, context.BufferLimit),
        };

        config = TranslateRouteSpecifier(proto, context, config);
        config = TranslateFilters(proto, context, config);
        var logs = new List<Proxy.Filters.AccessLog.IAccessLogger>();
        for (var i = 0; i < proto.AccessLog.Count; i++)
        {
            try
            {
                logs.Add(context.CreateAccessLog(proto.AccessLog[i]));
            }
            catch (ConfigException e)
            {
                throw ConfigException.At($"access_log[{i}]", e);
            }
        }

        return config with { AccessLogs = logs };
    }

    private static HttpConnectionManagerConfig TranslateRouteSpecifier(Hcm proto, HcmTranslationContext context, HttpConnectionManagerConfig config)
    {
        switch (proto.RouteSpecifierCase)
        {
            case Hcm.RouteSpecifierOneofCase.RouteConfig:
                try
                {
                    return config with { InlineRoutes = context.TranslateRoutes(proto.RouteConfig) };
                }
                catch (ConfigException e)
                {
                    throw ConfigException.At("route_config", e);
                }

            case Hcm.RouteSpecifierOneofCase.Rds:
                if (string.IsNullOrEmpty(proto.Rds.RouteConfigName))
                {
                    throw new ConfigException("rds.route_config_name: must not be empty");
                }

                return config with
                {
                    RdsRouteConfigName = proto.Rds.RouteConfigName,
                    RdsConfigSource = proto.Rds.ConfigSource,
                };
            case Hcm.RouteSpecifierOneofCase.ScopedRoutes:
                throw new ConfigException("scoped_routes: scoped RDS is not supported");
            default:
                throw new ConfigException("route_specifier: one of route_config or rds is required");
        }
    }

    private static HttpConnectionManagerConfig TranslateFilters(Hcm proto, HcmTranslationContext context, HttpConnectionManagerConfig config)
    {
        var entries = new List<HttpFilterEntry>();
        RouterSettings? router = null;
        for (var i = 0; i < proto.HttpFilters.Count; i++)
        {
            var filter = proto.HttpFilters[i];
            var where = $"http_filters[{i}] '{filter.Name}'";
            if (router is not null)
            {
                throw new ConfigException($"{where}: the router must be the last filter in an HTTP filter chain");
            }

            if (filter.ConfigTypeCase != HttpFilter.ConfigTypeOneofCase.TypedConfig)
            {
                if (filter.IsOptional)
                {
                    continue;
                }

                throw new ConfigException($"{where}: typed_config is required (config_discovery is not supported)");
            }

            var typeName = AnyTypes.EffectiveTypeName(filter.TypedConfig);
            if (typeName == HttpFilterRegistry.RouterType)
            {
                router = TranslateRouter(filter.TypedConfig, where);
                continue;
            }

            if (filter.Disabled)
            {
                continue;
            }

            if (context.Filters.TryGet(typeName, out var factory))
            {
                try
                {
                    entries.Add(new HttpFilterEntry(filter.Name, typeName, factory.Create(new HttpFilterFactoryContext
                    {
                        FilterName = filter.Name,
                        TypedConfig = filter.TypedConfig,
                        Stats = context.Stats,
                        Time = context.Time,
                    })));
                }
                catch (ConfigException e)
                {
                    throw ConfigException.At(where, e);
                }
            }
            else if (context.Filters.AcceptedInactive.Contains(typeName) || filter.IsOptional)
            {
                entries.Add(new HttpFilterEntry(filter.Name, typeName, null));
            }
            else
            {
                throw new ConfigException($"{where}: no HTTP filter is registered for type {typeName}");
            }
        }

        if (router is null)
        {
            throw new ConfigException("http_filters: the last filter must be the router (envoy.filters.http.router)");
        }

        return config with { HttpFilters = entries, Router = router };
    }

    private static RouterSettings TranslateRouter(Any typedConfig, string where)
    {
        Envoy.Extensions.Filters.Http.Router.V3.Router router;
        try
        {
            // A TypedStruct router config is transcoded to the Router type (AnyTypes.Unpack).
            router = Proxy.Config.TypedConfigs.Unpack(typedConfig, Envoy.Extensions.Filters.Http.Router.V3.Router.Parser, "envoy.extensions.filters.http.router.v3.Router");
        }
        catch (ConfigException e)
        {
            throw ConfigException.At(where, e);
        }

        return new RouterSettings
        {
            SuppressEnvoyHeaders = router.SuppressEnvoyHeaders,
            RespectExpectedRequestTimeout = router.RespectExpectedRqTimeout,
        };
    }

    private static List<UpgradeSettings> TranslateUpgrades(Hcm proto)
    {
        var upgrades = new List<UpgradeSettings>();
        for (var i = 0; i < proto.UpgradeConfigs.Count; i++)
        {
            var upgrade = proto.UpgradeConfigs[i];
            if (string.IsNullOrEmpty(upgrade.UpgradeType))
            {
                throw new ConfigException($"upgrade_configs[{i}].upgrade_type: must not be empty");
            }

            upgrades.Add(new UpgradeSettings(upgrade.UpgradeType, upgrade.Enabled ?? true));
        }

        return upgrades;
    }

    private static CodecSettings TranslateCodec(Hcm proto, int bufferLimit)
    {
        var headersKb = proto.MaxRequestHeadersKb ?? 60;
        if (headersKb < 1 || headersKb > 8192)
        {
            throw new ConfigException($"max_request_headers_kb: {headersKb} is outside 1..8192");
        }

        var common = proto.CommonHttpProtocolOptions;
        var h2 = proto.Http2ProtocolOptions;
        var streamIdle = proto.StreamIdleTimeout?.ToTimeSpan() ?? TimeSpan.FromMinutes(5);
        var headersTimeout = proto.RequestHeadersTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        if (headersTimeout <= TimeSpan.Zero)
        {
            headersTimeout = streamIdle > TimeSpan.Zero ? streamIdle : TimeSpan.FromMinutes(5);
        }

        var idle = common?.IdleTimeout?.ToTimeSpan() ?? TimeSpan.FromHours(1);
        return new CodecSettings
        {
            MaxRequestHeadersTotalSize = (int)headersKb * 1024,
            MaxRequestHeaderCount = (int)(common?.MaxHeadersCount ?? 100),
            // An idle_timeout of 0 disables it in Envoy; Kestrel needs a value, so use a very long one.
            IdleTimeout = idle > TimeSpan.Zero ? idle : TimeSpan.FromDays(365),
            RequestHeadersTimeout = headersTimeout,
            BufferLimit = bufferLimit,
            Http2MaxConcurrentStreams = (int)Math.Min(h2?.MaxConcurrentStreams ?? int.MaxValue, int.MaxValue),
            Http2InitialStreamWindowSize = h2?.InitialStreamWindowSize is { } s ? (int)Math.Min(s, int.MaxValue) : null,
            Http2InitialConnectionWindowSize = h2?.InitialConnectionWindowSize is { } c ? (int)Math.Min(c, int.MaxValue) : null,
            Http2KeepAliveInterval = h2?.ConnectionKeepalive?.Interval?.ToTimeSpan(),
            Http2KeepAliveTimeout = h2?.ConnectionKeepalive?.Timeout?.ToTimeSpan(),
        };
    }
}
