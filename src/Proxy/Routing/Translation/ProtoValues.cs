using Envoy.Type.V3;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Proxy.Filters.Extensions;
using Proxy.Routing.Matching;
using Metadata = Envoy.Config.Core.V3.Metadata;

namespace Proxy.Routing.Translation;

/// <summary>Small conversions shared by the route translators; each error names the field it is about.</summary>
internal static class ProtoValues
{
    public static ConfigException Error(string at, string message) => new($"{at}: {message}");

    /// <summary>A Duration that must not be negative (PGV rules on timeouts), as a TimeSpan.</summary>
    public static TimeSpan ToTimeSpan(Duration duration, string at)
    {
        if (duration.Seconds < 0 || duration.Nanos < 0 || duration.Nanos >= 1_000_000_000 || duration.Seconds > 315_576_000_000)
        {
            throw Error(at, $"invalid duration {duration.Seconds}s {duration.Nanos}ns: must be a non-negative duration");
        }

        return duration.ToTimeSpan();
    }

    public static TimeSpan? ToOptionalTimeSpan(Duration? duration, string at) => duration is null ? null : ToTimeSpan(duration, at);

    /// <summary>Envoy's PROTOBUF_GET_MS: whole milliseconds, the precision Envoy keeps for route timeouts.</summary>
    public static TimeSpan TruncateToMilliseconds(TimeSpan value) => TimeSpan.FromMilliseconds(Math.Floor(value.TotalMilliseconds));

    public static RuntimeFraction ToFraction(FractionalPercent percent, string at)
    {
        uint denominator = percent.Denominator switch
        {
            FractionalPercent.Types.DenominatorType.Hundred => 100,
            FractionalPercent.Types.DenominatorType.TenThousand => 10_000,
            FractionalPercent.Types.DenominatorType.Million => 1_000_000,
            _ => throw Error(at + ".denominator", $"unknown denominator {(int)percent.Denominator}"),
        };
        return new RuntimeFraction(percent.Numerator, denominator);
    }

    /// <summary>
    /// Header names as Envoy stores them (LowerCaseString). Validation follows the API's
    /// <c>well_known_regex: HTTP_HEADER_NAME, strict: false</c>: no NUL, CR or LF.
    /// </summary>
    public static string HeaderName(string name, string at)
    {
        if (name.Length == 0)
        {
            throw Error(at, "header name must not be empty");
        }

        if (name.AsSpan().IndexOfAny('\0', '\r', '\n') >= 0)
        {
            throw Error(at, $"invalid header name '{Printable(name)}'");
        }

        return name.ToLowerInvariant();
    }

    /// <summary><c>HTTP_HEADER_VALUE, strict: false</c>: no NUL, CR or LF.</summary>
    public static string HeaderValue(string value, string at)
    {
        if (value.AsSpan().IndexOfAny('\0', '\r', '\n') >= 0)
        {
            throw Error(at, $"invalid header value '{Printable(value)}'");
        }

        return value;
    }

    /// <summary>
    /// typed_per_filter_config by filter name. A config whose type a registered filter translates is stored
    /// translated (its errors NACK the route configuration); others keep the Any as received. The
    /// envoy.config.route.v3.FilterConfig wrapper is unwrapped, and <c>disabled: true</c> becomes
    /// <see cref="DisabledFilterConfig.Instance"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, object> FilterConfigs(MapField<string, Any> configs, RouteTranslationContext context, string at)
    {
        if (configs.Count == 0)
        {
            return RouteDefaults.NoFilterConfig;
        }

        var copy = new Dictionary<string, object>(configs.Count, StringComparer.Ordinal);
        foreach (var pair in configs)
        {
            var where = $"{at}['{pair.Key}']";
            var any = pair.Value;
            if (Proxy.Xds.AnyTypes.Is(any, FilterConfigType))
            {
                var wrapper = Envoy.Config.Route.V3.FilterConfig.Parser.ParseFrom(any.Value);
                if (wrapper.Disabled)
                {
                    copy[pair.Key] = DisabledFilterConfig.Instance;
                    continue;
                }

                any = wrapper.Config ?? throw Error(where + ".config", "required unless disabled");
            }

            copy[pair.Key] = context.FilterConfigFactory(any, where) ?? any.Clone();
        }

        return copy;
    }

    private const string FilterConfigType = "envoy.config.route.v3.FilterConfig";

    public static Metadata? Clone(Metadata? metadata) => metadata?.Clone();

    /// <summary>metadata_match's criteria for the subset load balancer live under the "envoy.lb" filter.</summary>
    public static Struct? LbMetadata(Metadata? metadata) =>
        metadata is not null && metadata.FilterMetadata.TryGetValue("envoy.lb", out Struct? lb) ? lb.Clone() : null;

    private static string Printable(string value) => value.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);
}
