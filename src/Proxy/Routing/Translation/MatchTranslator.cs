using System.Text.RegularExpressions;
using Proxy.Filters.Extensions;
using Proxy.Routing.Matching;
using Pb = Envoy.Config.Route.V3;
using PbMatcher = Envoy.Type.Matcher.V3;

namespace Proxy.Routing.Translation;

/// <summary>RouteMatch, HeaderMatcher, StringMatcher and QueryParameterMatcher into their matching records.</summary>
internal static class MatchTranslator
{
    public static RouteMatch Translate(Pb.RouteMatch? match, string at, RouteTranslationScope scope)
    {
        if (match is null)
        {
            throw ProtoValues.Error(at, "required");
        }

        PathMatchKind kind;
        string value;
        Regex? regex = null;
        switch (match.PathSpecifierCase)
        {
            case Pb.RouteMatch.PathSpecifierOneofCase.Prefix:
                kind = PathMatchKind.Prefix;
                value = match.Prefix;
                break;
            case Pb.RouteMatch.PathSpecifierOneofCase.Path:
                kind = PathMatchKind.Exact;
                value = match.Path;
                break;
            case Pb.RouteMatch.PathSpecifierOneofCase.SafeRegex:
                kind = PathMatchKind.SafeRegex;
                value = match.SafeRegex?.Regex ?? string.Empty;
                regex = CompileFullMatch(match.SafeRegex, at + ".safe_regex");
                break;
            case Pb.RouteMatch.PathSpecifierOneofCase.PathSeparatedPrefix:
                kind = PathMatchKind.PathSeparatedPrefix;
                value = match.PathSeparatedPrefix;
                ValidatePathSeparatedPrefix(value, at + ".path_separated_prefix");
                break;
            case Pb.RouteMatch.PathSpecifierOneofCase.ConnectMatcher:
                kind = PathMatchKind.Connect;
                value = string.Empty;
                break;
            case Pb.RouteMatch.PathSpecifierOneofCase.PathMatchPolicy:
                throw ProtoValues.Error(at + ".path_match_policy", $"path match extension '{match.PathMatchPolicy.Name}' is not supported");
            default:
                throw ProtoValues.Error(at, "one of prefix, path, safe_regex, path_separated_prefix or connect_matcher is required");
        }

        var headers = new HeaderMatcher[match.Headers.Count];
        for (int i = 0; i < headers.Length; i++)
        {
            headers[i] = Header(match.Headers[i], $"{at}.headers[{i}]");
        }

        var queryParameters = new QueryParameterMatcher[match.QueryParameters.Count];
        for (int i = 0; i < queryParameters.Length; i++)
        {
            queryParameters[i] = QueryParameter(match.QueryParameters[i], $"{at}.query_parameters[{i}]");
        }

        RuntimeFraction? fraction = null;
        if (match.RuntimeFraction is { } runtime)
        {
            if (runtime.DefaultValue is null)
            {
                throw ProtoValues.Error(at + ".runtime_fraction.default_value", "required");
            }

            fraction = ProtoValues.ToFraction(runtime.DefaultValue, at + ".runtime_fraction.default_value");
        }

        return new RouteMatch
        {
            Kind = kind,
            Value = value,
            Regex = regex,
            CaseSensitive = match.CaseSensitive ?? true,
            IgnorePathParameters = scope.IgnorePathParameters,
            Headers = headers,
            QueryParameters = queryParameters,
            Grpc = match.Grpc is not null,
            RuntimeFraction = fraction,
            TlsContext = match.TlsContext is { } tls ? new TlsContextMatch(tls.Presented, tls.Validated) : null,
            HasDynamicMetadataMatchers = match.DynamicMetadata.Count > 0,
        };
    }

    public static HeaderMatcher[] Headers(Google.Protobuf.Collections.RepeatedField<Pb.HeaderMatcher> matchers, string at)
    {
        var result = new HeaderMatcher[matchers.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Header(matchers[i], $"{at}[{i}]");
        }

        return result;
    }

    public static HeaderMatcher Header(Pb.HeaderMatcher matcher, string at)
    {
        string name = ProtoValues.HeaderName(matcher.Name, at + ".name");
        bool invert = matcher.InvertMatch;
        bool missingAsEmpty = matcher.TreatMissingHeaderAsEmpty;
        switch (matcher.HeaderMatchSpecifierCase)
        {
            case Pb.HeaderMatcher.HeaderMatchSpecifierOneofCase.None:
                // No specifier: a presence match (HeaderMatcher doc).
                return new HeaderMatcher(name, HeaderMatchKind.Present, present: true, invert: invert);
            case Pb.HeaderMatcher.HeaderMatchSpecifierOneofCase.PresentMatch:
                return new HeaderMatcher(name, HeaderMatchKind.Present, present: matcher.PresentMatch, invert: invert);
            case Pb.HeaderMatcher.HeaderMatchSpecifierOneofCase.RangeMatch:
                return new HeaderMatcher(name, HeaderMatchKind.Range, rangeStart: matcher.RangeMatch.Start, rangeEnd: matcher.RangeMatch.End, invert: invert, treatMissingAsEmpty: missingAsEmpty);
        }

        // The deprecated exact/safe_regex/prefix/suffix/contains matches are still honoured by Envoy.
#pragma warning disable CS0612
        StringMatcher stringMatcher = matcher.HeaderMatchSpecifierCase switch
        {
            Pb.HeaderMatcher.HeaderMatchSpecifierOneofCase.ExactMatch => StringMatcher.Exact(matcher.ExactMatch),
            Pb.HeaderMatcher.HeaderMatchSpecifierOneofCase.SafeRegexMatch => StringMatcher.FromRegex(matcher.SafeRegexMatch?.Regex ?? string.Empty, CompileFullMatch(matcher.SafeRegexMatch, at + ".safe_regex_match")),
            Pb.HeaderMatcher.HeaderMatchSpecifierOneofCase.PrefixMatch => StringMatcher.Prefix(NonEmpty(matcher.PrefixMatch, at + ".prefix_match")),
            Pb.HeaderMatcher.HeaderMatchSpecifierOneofCase.SuffixMatch => StringMatcher.Suffix(NonEmpty(matcher.SuffixMatch, at + ".suffix_match")),
            Pb.HeaderMatcher.HeaderMatchSpecifierOneofCase.ContainsMatch => StringMatcher.Contains(NonEmpty(matcher.ContainsMatch, at + ".contains_match")),
            Pb.HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch => String(matcher.StringMatch, at + ".string_match"),
            _ => throw ProtoValues.Error(at, $"unknown header match specifier {(int)matcher.HeaderMatchSpecifierCase}"),
        };
#pragma warning restore CS0612
        return new HeaderMatcher(name, HeaderMatchKind.String, stringMatcher, invert: invert, treatMissingAsEmpty: missingAsEmpty);
    }

    public static StringMatcher String(PbMatcher.StringMatcher? matcher, string at)
    {
        if (matcher is null)
        {
            throw ProtoValues.Error(at, "required");
        }

        bool ignoreCase = matcher.IgnoreCase;
        return matcher.MatchPatternCase switch
        {
            PbMatcher.StringMatcher.MatchPatternOneofCase.Exact => StringMatcher.Exact(matcher.Exact, ignoreCase),
            PbMatcher.StringMatcher.MatchPatternOneofCase.Prefix => StringMatcher.Prefix(NonEmpty(matcher.Prefix, at + ".prefix"), ignoreCase),
            PbMatcher.StringMatcher.MatchPatternOneofCase.Suffix => StringMatcher.Suffix(NonEmpty(matcher.Suffix, at + ".suffix"), ignoreCase),
            PbMatcher.StringMatcher.MatchPatternOneofCase.Contains => StringMatcher.Contains(NonEmpty(matcher.Contains, at + ".contains"), ignoreCase),
            PbMatcher.StringMatcher.MatchPatternOneofCase.SafeRegex => StringMatcher.FromRegex(matcher.SafeRegex?.Regex ?? string.Empty, CompileFullMatch(matcher.SafeRegex, at + ".safe_regex")),
            PbMatcher.StringMatcher.MatchPatternOneofCase.Custom => throw ProtoValues.Error(at + ".custom", $"custom string matcher '{matcher.Custom.Name}' is not supported"),
            _ => throw ProtoValues.Error(at, "one of exact, prefix, suffix, contains or safe_regex is required"),
        };
    }

    public static Regex CompileFullMatch(PbMatcher.RegexMatcher? matcher, string at)
    {
        if (matcher is null)
        {
            throw ProtoValues.Error(at, "required");
        }

        try
        {
            return Re2Regex.CompileFullMatch(matcher.Regex);
        }
        catch (ConfigException e)
        {
            throw ConfigException.At(at + ".regex", e);
        }
    }

    public static Actions.RegexRewrite RegexRewrite(PbMatcher.RegexMatchAndSubstitute? rewrite, string at)
    {
        if (rewrite?.Pattern is null)
        {
            throw ProtoValues.Error(at + ".pattern", "required");
        }

        Regex pattern;
        try
        {
            pattern = Re2Regex.CompileSearch(rewrite.Pattern.Regex);
        }
        catch (ConfigException e)
        {
            throw ConfigException.At(at + ".pattern.regex", e);
        }

        string substitution = ProtoValues.HeaderValue(rewrite.Substitution, at + ".substitution");
        try
        {
            return new Actions.RegexRewrite(pattern, substitution, Re2Regex.TranslateSubstitution(substitution, pattern));
        }
        catch (ConfigException e)
        {
            throw ConfigException.At(at + ".substitution", e);
        }
    }

    private static QueryParameterMatcher QueryParameter(Pb.QueryParameterMatcher matcher, string at)
    {
        if (matcher.Name.Length is 0 or > 1024)
        {
            throw ProtoValues.Error(at + ".name", "must be 1 to 1024 characters");
        }

        // Envoy: present_match (whatever its value) and no specifier both mean "the parameter is present".
        StringMatcher? value = matcher.QueryParameterMatchSpecifierCase == Pb.QueryParameterMatcher.QueryParameterMatchSpecifierOneofCase.StringMatch
            ? String(matcher.StringMatch, at + ".string_match")
            : null;
        return new QueryParameterMatcher(matcher.Name, value);
    }

    // API rule for path_separated_prefix: pattern "^[^?#]+[^?#/]$".
    private static void ValidatePathSeparatedPrefix(string value, string at)
    {
        if (value.Length < 2 || value.AsSpan().IndexOfAny('?', '#') >= 0 || value[^1] == '/')
        {
            throw ProtoValues.Error(at, $"'{value}' must be at least 2 characters, contain no '?' or '#', and not end with '/'");
        }
    }

    private static string NonEmpty(string value, string at) =>
        value.Length == 0 ? throw ProtoValues.Error(at, "must not be empty") : value;
}
