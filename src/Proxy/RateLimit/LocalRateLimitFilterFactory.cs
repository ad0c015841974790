using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Proxy.Config;
using Proxy.Filters.Extensions;
using Proxy.Filters.Http;
using Proxy.Filters.Stats;
using Proxy.Xds;
using LocalRateLimitProto = Envoy.Extensions.Filters.Http.LocalRatelimit.V3.LocalRateLimit;

namespace Proxy.RateLimit;

/// <summary>
/// Builds <see cref="LocalRateLimitFilter"/> from envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
/// the same type serves as the per-route config, which replaces the filter's (with its own buckets).
/// </summary>
internal sealed class LocalRateLimitFilterFactory : IHttpFilterFactory, IRouteSpecificConfigFactory
{
    public const string Type = "envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit";

    private readonly IStatsScope _root;
    private readonly TimeProvider _time;
    private readonly Func<string> _localCluster;

    /// <param name="root">The server's root stats scope: Envoy puts these stats under the filter's own stat_prefix.</param>
    /// <param name="localCluster">The node's cluster (source_cluster actions).</param>
    public LocalRateLimitFilterFactory(IStatsScope root, TimeProvider time, Func<string> localCluster)
    {
        _root = root;
        _time = time;
        _localCluster = localCluster;
    }

    public string TypeName => Type;

    public string RouteConfigTypeName => Type;

    public IHttpFilter Create(HttpFilterFactoryContext context) =>
        new LocalRateLimitFilter(context.FilterName, Settings(context.TypedConfig), _localCluster(), context.Random);

    public object CreateRouteConfig(Any typedConfig) => Settings(typedConfig);

    private LocalRateLimitSettings Settings(Any any)
    {
        var proto = TypedConfigs.Unpack(any, LocalRateLimitProto.Parser, Type);

        // Fields newer than the pinned API (rate_limits) are only in the wire bytes of a binary Any.
        var wire = AnyTypes.IsTypedStruct(any) ? proto.ToByteString() : any.Value;
        return LocalRateLimitTranslator.Translate(proto, wire, _root, _time);
    }
}
