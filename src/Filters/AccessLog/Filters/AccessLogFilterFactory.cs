using System.Text.RegularExpressions;
using Envoy.Type.V3;
using Proxy.Filters.Extensions;
using Proxy.Filters.StreamInfo;
using ProtoFilter = Envoy.Config.Accesslog.V3.AccessLogFilter;
using ProtoHeaderMatcher = Envoy.Config.Route.V3.HeaderMatcher;
using ProtoStringMatcher = Envoy.Type.Matcher.V3.StringMatcher;

namespace Proxy.Filters.AccessLog.Filters;

/// <summary>
/// Translates an access log <c>filter</c> (config.accesslog.v3.AccessLogFilter) into an <see cref="IAccessLogFilter"/>,
/// validating it as Envoy's proto rules do. Errors name the field under <c>filter</c>
/// (<c>and_filter.filters[1].status_code_filter.comparison: ...</c>).
/// </summary>
public static class AccessLogFilterFactory
{
    public static IAccessLogFilter Create(ProtoFilter proto, TimeProvider clock, Random random)
    {
        ArgumentNullException.ThrowIfNull(proto);
        switch (proto.FilterSpecifierCase)
        {
            case ProtoFilter.FilterSpecifierOneofCase.StatusCodeFilter:
                return new StatusCodeFilter(Comparison(proto.StatusCodeFilter.Comparison, "status_code_filter.comparison"));
            case ProtoFilter.FilterSpecifierOneofCase.DurationFilter:
                return new DurationFilter(Comparison(proto.DurationFilter.Comparison, "duration_filter.comparison"), clock);
            case ProtoFilter.FilterSpecifierOneofCase.NotHealthCheckFilter:
                return new ConstantFilter(true);
            case ProtoFilter.FilterSpecifierOneofCase.TraceableFilter:
                return new ConstantFilter(false);
            case ProtoFilter.FilterSpecifierOneofCase.RuntimeFilter:
                return Runtime(proto.RuntimeFilter, random);
            case ProtoFilter.FilterSpecifierOneofCase.AndFilter:
                return new AndFilter(Children(proto.AndFilter.Filters, "and_filter", clock, random));
            case ProtoFilter.FilterSpecifierOneofCase.OrFilter:
                return new OrFilter(Children(proto.OrFilter.Filters, "or_filter", clock, random));
            case ProtoFilter.FilterSpecifierOneofCase.HeaderFilter:
                if (proto.HeaderFilter.Header is null)
                {
                    throw new ConfigException("header_filter.header: value is required");
                }

                return new HeaderFilter(Header(proto.HeaderFilter.Header, "header_filter.header"));
            case ProtoFilter.FilterSpecifierOneofCase.ResponseFlagFilter:
                return ResponseFlags(proto.ResponseFlagFilter);
            case ProtoFilter.FilterSpecifierOneofCase.GrpcStatusFilter:
                return GrpcStatuses(proto.GrpcStatusFilter);
            case ProtoFilter.FilterSpecifierOneofCase.LogTypeFilter:
                return LogTypes(proto.LogTypeFilter);
            case ProtoFilter.FilterSpecifierOneofCase.MetadataFilter:
                // Dynamic metadata is always empty here, so no key is ever found.
                return new ConstantFilter(proto.MetadataFilter.MatchIfKeyNotFound ?? true);
            case ProtoFilter.FilterSpecifierOneofCase.ExtensionFilter:
                throw new ConfigException(
                    $"extension_filter: unsupported access log filter extension '{proto.ExtensionFilter.Name}' ({proto.ExtensionFilter.TypedConfig?.TypeUrl})");
            default:
                throw new ConfigException("filter_specifier: value is required");
        }
    }

    private static IAccessLogFilter[] Children(IList<ProtoFilter> filters, string field, TimeProvider clock, Random random)
    {
        if (filters.Count < 2)
        {
            throw new ConfigException($"{field}.filters: value must contain at least 2 item(s)");
        }

        var children = new IAccessLogFilter[filters.Count];
        for (var i = 0; i < children.Length; i++)
        {
            try
            {
                children[i] = Create(filters[i], clock, random);
            }
            catch (ConfigException e)
            {
                throw ConfigException.At($"{field}.filters[{i}]", e);
            }
        }

        return children;
    }

    private static Comparison Comparison(Envoy.Config.Accesslog.V3.ComparisonFilter? proto, string field)
    {
        if (proto is null)
        {
            throw new ConfigException($"{field}: value is required");
        }

        if (proto.Value is null)
        {
            throw new ConfigException($"{field}.value: value is required");
        }

        if (proto.Value.RuntimeKey.Length == 0)
        {
            throw new ConfigException($"{field}.value.runtime_key: value length must be at least 1 characters");
        }

        var op = proto.Op switch
        {
            Envoy.Config.Accesslog.V3.ComparisonFilter.Types.Op.Eq => ComparisonOperator.Equal,
            Envoy.Config.Accesslog.V3.ComparisonFilter.Types.Op.Ge => ComparisonOperator.GreaterOrEqual,
            Envoy.Config.Accesslog.V3.ComparisonFilter.Types.Op.Le => ComparisonOperator.LessOrEqual,
            _ => throw new ConfigException($"{field}.op: value must be one of the defined enum values"),
        };

        return new Comparison(op, proto.Value.DefaultValue);
    }

    private static RuntimeFilter Runtime(Envoy.Config.Accesslog.V3.RuntimeFilter proto, Random random)
    {
        if (proto.RuntimeKey.Length == 0)
        {
            throw new ConfigException("runtime_filter.runtime_key: value length must be at least 1 characters");
        }

        // Unset percent_sampled is 0/100: nothing is sampled unless runtime says otherwise.
        var percent = proto.PercentSampled ?? new FractionalPercent();
        uint denominator = percent.Denominator switch
        {
            FractionalPercent.Types.DenominatorType.Hundred => 100,
            FractionalPercent.Types.DenominatorType.TenThousand => 10_000,
            FractionalPercent.Types.DenominatorType.Million => 1_000_000,
            _ => throw new ConfigException("runtime_filter.percent_sampled.denominator: value must be one of the defined enum values"),
        };

        return new RuntimeFilter(percent.Numerator, denominator, proto.UseIndependentRandomness, random);
    }

    private static ResponseFlagFilter ResponseFlags(Envoy.Config.Accesslog.V3.ResponseFlagFilter proto)
    {
        var flags = StreamInfo.ResponseFlags.None;
        for (var i = 0; i < proto.Flags.Count; i++)
        {
            flags |= ResponseFlagNames.Parse(proto.Flags[i])
                ?? throw new ConfigException($"response_flag_filter.flags[{i}]: unknown response flag '{proto.Flags[i]}'");
        }

        return new ResponseFlagFilter(flags);
    }

    private static GrpcStatusFilter GrpcStatuses(Envoy.Config.Accesslog.V3.GrpcStatusFilter proto)
    {
        var statuses = new List<int>(proto.Statuses.Count);
        for (var i = 0; i < proto.Statuses.Count; i++)
        {
            var status = (int)proto.Statuses[i];
            if (status is < 0 or > 16)
            {
                throw new ConfigException($"grpc_status_filter.statuses[{i}]: value must be one of the defined enum values");
            }

            statuses.Add(status);
        }

        return new GrpcStatusFilter(statuses, proto.Exclude);
    }

    private static LogTypeFilter LogTypes(Envoy.Config.Accesslog.V3.LogTypeFilter proto)
    {
        var types = new List<AccessLogType>(proto.Types_.Count);
        for (var i = 0; i < proto.Types_.Count; i++)
        {
            var type = (int)proto.Types_[i];
            if (type is < 0 or > (int)AccessLogType.UdpSessionEnd)
            {
                throw new ConfigException($"log_type_filter.types[{i}]: value must be one of the defined enum values");
            }

            types.Add((AccessLogType)type);
        }

        return new LogTypeFilter(types, proto.Exclude);
    }

    /// <summary>Translates a route.v3.HeaderMatcher (shared shape with route matching).</summary>
    // The deprecated HeaderMatcher fields are still what many configs (and older Istio output) use.
#pragma warning disable CS0612, CS0618
    public static HeaderMatcher Header(ProtoHeaderMatcher proto, string field)
    {
        ArgumentNullException.ThrowIfNull(proto);
        if (proto.Name.Length == 0)
        {
            throw new ConfigException($"{field}.name: value length must be at least 1 characters");
        }

        var invert = proto.InvertMatch;
        var missingAsEmpty = proto.TreatMissingHeaderAsEmpty;
        switch (proto.HeaderMatchSpecifierCase)
        {
            case ProtoHeaderMatcher.HeaderMatchSpecifierOneofCase.None:
                return new HeaderMatcher(proto.Name, HeaderMatchKind.Present, invert: invert, treatMissingAsEmpty: missingAsEmpty);
            case ProtoHeaderMatcher.HeaderMatchSpecifierOneofCase.PresentMatch:
                return new HeaderMatcher(proto.Name, HeaderMatchKind.Present, present: proto.PresentMatch, invert: invert, treatMissingAsEmpty: missingAsEmpty);
            case ProtoHeaderMatcher.HeaderMatchSpecifierOneofCase.ExactMatch:
                return new HeaderMatcher(proto.Name, HeaderMatchKind.Exact, proto.ExactMatch, invert: invert, treatMissingAsEmpty: missingAsEmpty);
            case ProtoHeaderMatcher.HeaderMatchSpecifierOneofCase.PrefixMatch:
                return new HeaderMatcher(proto.Name, HeaderMatchKind.Prefix, NonEmpty(proto.PrefixMatch, $"{field}.prefix_match"), invert: invert, treatMissingAsEmpty: missingAsEmpty);
            case ProtoHeaderMatcher.HeaderMatchSpecifierOneofCase.SuffixMatch:
                return new HeaderMatcher(proto.Name, HeaderMatchKind.Suffix, NonEmpty(proto.SuffixMatch, $"{field}.suffix_match"), invert: invert, treatMissingAsEmpty: missingAsEmpty);
            case ProtoHeaderMatcher.HeaderMatchSpecifierOneofCase.ContainsMatch:
                return new HeaderMatcher(proto.Name, HeaderMatchKind.Contains, NonEmpty(proto.ContainsMatch, $"{field}.contains_match"), invert: invert, treatMissingAsEmpty: missingAsEmpty);
            case ProtoHeaderMatcher.HeaderMatchSpecifierOneofCase.SafeRegexMatch:
                var regex = proto.SafeRegexMatch;
                return new HeaderMatcher(proto.Name, HeaderMatchKind.Regex, regex.Regex, regex: CompileRegex(regex.Regex, $"{field}.safe_regex_match.regex"), invert: invert, treatMissingAsEmpty: missingAsEmpty);
            case ProtoHeaderMatcher.HeaderMatchSpecifierOneofCase.RangeMatch:
                if (proto.RangeMatch.Start > proto.RangeMatch.End)
                {
                    throw new ConfigException($"{field}.range_match: start must not be greater than end");
                }

                return new HeaderMatcher(proto.Name, HeaderMatchKind.Range, rangeStart: proto.RangeMatch.Start, rangeEnd: proto.RangeMatch.End, invert: invert, treatMissingAsEmpty: missingAsEmpty);
            default:
                var matcher = String(proto.StringMatch, $"{field}.string_match");
                return new HeaderMatcher(proto.Name, HeaderMatchKind.String, stringMatcher: matcher, invert: invert, treatMissingAsEmpty: missingAsEmpty);
        }
    }

#pragma warning restore CS0612, CS0618

    /// <summary>Translates a type.matcher.v3.StringMatcher.</summary>
    public static StringMatcher String(ProtoStringMatcher proto, string field)
    {
        ArgumentNullException.ThrowIfNull(proto);
        var ignoreCase = proto.IgnoreCase;
        return proto.MatchPatternCase switch
        {
            ProtoStringMatcher.MatchPatternOneofCase.Exact => new StringMatcher(StringMatchKind.Exact, proto.Exact, ignoreCase),
            ProtoStringMatcher.MatchPatternOneofCase.Prefix => new StringMatcher(StringMatchKind.Prefix, NonEmpty(proto.Prefix, $"{field}.prefix"), ignoreCase),
            ProtoStringMatcher.MatchPatternOneofCase.Suffix => new StringMatcher(StringMatchKind.Suffix, NonEmpty(proto.Suffix, $"{field}.suffix"), ignoreCase),
            ProtoStringMatcher.MatchPatternOneofCase.Contains => new StringMatcher(StringMatchKind.Contains, NonEmpty(proto.Contains, $"{field}.contains"), ignoreCase),
            ProtoStringMatcher.MatchPatternOneofCase.SafeRegex => new StringMatcher(
                StringMatchKind.Regex, proto.SafeRegex.Regex, ignoreCase, CompileRegex(proto.SafeRegex.Regex, $"{field}.safe_regex.regex")),
            ProtoStringMatcher.MatchPatternOneofCase.Custom => throw new ConfigException(
                $"{field}.custom: unsupported string matcher extension '{proto.Custom.Name}'"),
            _ => throw new ConfigException($"{field}: match_pattern is required"),
        };
    }

    /// <summary>
    /// An RE2 pattern as .NET's linear-time engine (no backtracking, like RE2), anchored because Envoy's
    /// safe_regex must match the entire value.
    /// </summary>
    public static Regex CompileRegex(string pattern, string field)
    {
        if (pattern.Length == 0)
        {
            throw new ConfigException($"{field}: value length must be at least 1 characters");
        }

        try
        {
            return new Regex($"^(?:{pattern})\\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ConfigException($"{field}: invalid regex '{pattern}': {e.Message}", e);
        }
    }

    private static string NonEmpty(string value, string field) =>
        value.Length > 0 ? value : throw new ConfigException($"{field}: value length must be at least 1 characters");
}
