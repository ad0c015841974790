using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Config;
using Proxy.Filters.Extensions;
using Proxy.Filters.Http;
using Proxy.Routing.Matching;
using Proxy.Routing.Translation;
using Proxy.Xds;
using Proxy.Xds.Grpc;
using ExtAuthzProto = Envoy.Extensions.Filters.Http.ExtAuthz.V3.ExtAuthz;
using ExtAuthzPerRoute = Envoy.Extensions.Filters.Http.ExtAuthz.V3.ExtAuthzPerRoute;
using PbMatcher = Envoy.Type.Matcher.V3;

namespace Proxy.Authz;

/// <summary>
/// Builds <see cref="ExtAuthzFilter"/> from envoy.extensions.filters.http.ext_authz.v3.ExtAuthz and per-route
/// ExtAuthzPerRoute configs. Only the gRPC service is supported: an <c>http_service</c> is refused by name,
/// as are runtime-fractional <c>filter_enabled</c> and <c>deny_at_disable</c>, which would change who is
/// checked. Metadata context namespaces and route cache clearing are accepted and not applied.
/// </summary>
internal sealed class ExtAuthzFilterFactory : IHttpFilterFactory, IRouteSpecificConfigFactory
{
    public const string Type = "envoy.extensions.filters.http.ext_authz.v3.ExtAuthz";
    public const string PerRouteType = "envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute";

    private readonly Func<string, GrpcChannel?> _channels;

    /// <param name="channels">The gRPC channel to a cluster by name, or null when the cluster is unknown.</param>
    public ExtAuthzFilterFactory(Func<string, GrpcChannel?> channels) => _channels = channels;

    public string TypeName => Type;

    public string RouteConfigTypeName => PerRouteType;

    public IHttpFilter Create(HttpFilterFactoryContext context)
    {
        var proto = TypedConfigs.Unpack(context.TypedConfig, ExtAuthzProto.Parser, Type);
        return new ExtAuthzFilter(context.FilterName, Translate(proto), new ExtAuthzStats(context.Stats, proto.StatPrefix), _channels, context.Time);
    }

    public object CreateRouteConfig(Any typedConfig)
    {
        var proto = TypedConfigs.Unpack(typedConfig, ExtAuthzPerRoute.Parser, PerRouteType);
        return proto.OverrideCase switch
        {
            ExtAuthzPerRoute.OverrideOneofCase.Disabled when proto.Disabled => new ExtAuthzRouteConfig(true, new Dictionary<string, string>()),
            ExtAuthzPerRoute.OverrideOneofCase.CheckSettings => new ExtAuthzRouteConfig(false, new Dictionary<string, string>(proto.CheckSettings.ContextExtensions)),
            _ => throw new ConfigException("one of disabled: true or check_settings is required"),
        };
    }

    internal static ExtAuthzSettings Translate(ExtAuthzProto proto)
    {
        if (proto.ServicesCase == ExtAuthzProto.ServicesOneofCase.HttpService)
        {
            throw new ConfigException("http_service: the HTTP authorization service is not supported; use grpc_service");
        }

        var grpc = proto.GrpcService ?? throw new ConfigException("grpc_service: required");
        var cluster = grpc.EnvoyGrpc?.ClusterName;
        if (string.IsNullOrEmpty(cluster))
        {
            throw new ConfigException("grpc_service.envoy_grpc.cluster_name: required (google_grpc is not supported)");
        }

        if (proto.FilterEnabled is not null)
        {
            throw new ConfigException("filter_enabled: runtime fractions are not supported");
        }

        if (proto.DenyAtDisable is not null)
        {
            throw new ConfigException("deny_at_disable: runtime feature flags are not supported");
        }

        return new ExtAuthzSettings
        {
            Cluster = cluster,
            Timeout = grpc.Timeout is { } timeout ? timeout.ToTimeSpan() : TimeSpan.FromMilliseconds(200),
            FailureModeAllow = proto.FailureModeAllow,
            FailureModeAllowHeaderAdd = proto.FailureModeAllowHeaderAdd,
            StatusOnError = proto.StatusOnError is { Code: not 0 } status ? (int)status.Code : 403,
            EnabledMetadata = proto.FilterEnabledMetadata is { } metadata ? Condition(metadata, "filter_enabled_metadata") : null,
            MaxRequestBytes = proto.WithRequestBody is { } body ? (body.MaxRequestBytes > 0 ? (int)Math.Min(body.MaxRequestBytes, int.MaxValue) : throw new ConfigException("with_request_body.max_request_bytes: must be greater than 0")) : null,
            AllowPartialMessage = proto.WithRequestBody?.AllowPartialMessage ?? false,
            PackAsBytes = proto.WithRequestBody?.PackAsBytes ?? false,
            AllowedHeaders = proto.AllowedHeaders is { } allowed ? Matchers(allowed, "allowed_headers") : null,
        };
    }

    private static MetadataCondition Condition(PbMatcher.MetadataMatcher matcher, string at)
    {
        if (matcher.Path.Count != 1 || matcher.Path[0].SegmentCase != PbMatcher.MetadataMatcher.Types.PathSegment.SegmentOneofCase.Key)
        {
            throw new ConfigException($"{at}.path: exactly one key segment is supported");
        }

        var value = matcher.Value ?? throw new ConfigException($"{at}.value: required");
        StringMatcher? stringMatcher = value.MatchPatternCase switch
        {
            PbMatcher.ValueMatcher.MatchPatternOneofCase.StringMatch => MatchTranslator.String(value.StringMatch, at + ".value.string_match"),
            PbMatcher.ValueMatcher.MatchPatternOneofCase.PresentMatch when value.PresentMatch => null,
            _ => throw new ConfigException($"{at}.value: only string_match and present_match: true are supported"),
        };
        return new MetadataCondition(matcher.Filter, matcher.Path[0].Key, stringMatcher, matcher.Invert);
    }

    private static StringMatcher[] Matchers(PbMatcher.ListStringMatcher list, string at)
    {
        var result = new StringMatcher[list.Patterns.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = MatchTranslator.String(list.Patterns[i], $"{at}.patterns[{i}]");
        }

        return result;
    }
}
