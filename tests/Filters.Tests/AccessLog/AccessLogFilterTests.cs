using Envoy.Config.Accesslog.V3;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Proxy.Filters.AccessLog;
using Proxy.Filters.AccessLog.Filters;
using Proxy.Filters.Extensions;
using Proxy.Filters.StreamInfo;
using Proxy.Filters.Tests.Support;
using AccessLogType = Proxy.Filters.AccessLog.AccessLogType;

namespace Proxy.Filters.Tests.AccessLog;

public sealed class AccessLogFilterTests
{
    private static readonly JsonParser Json = new(JsonParser.Settings.Default);

    [Theory]
    [InlineData("""{"status_code_filter": {"comparison": {"op": "GE", "value": {"default_value": 400, "runtime_key": "k"}}}}""", 204, false)]
    [InlineData("""{"status_code_filter": {"comparison": {"op": "GE", "value": {"default_value": 400, "runtime_key": "k"}}}}""", 503, true)]
    [InlineData("""{"status_code_filter": {"comparison": {"op": "EQ", "value": {"default_value": 204, "runtime_key": "k"}}}}""", 204, true)]
    [InlineData("""{"status_code_filter": {"comparison": {"op": "LE", "value": {"default_value": 299, "runtime_key": "k"}}}}""", 204, true)]
    [InlineData("""{"status_code_filter": {"comparison": {"op": "LE", "value": {"default_value": 299, "runtime_key": "k"}}}}""", 301, false)]
    [InlineData("""{"status_code_filter": {"comparison": {"op": "EQ", "value": {"default_value": 0, "runtime_key": "k"}}}}""", 0, true)]
    public void StatusCodeFilterComparesTheResponseCode(string json, int code, bool expected)
    {
        var info = Sample.Info();
        info.ResponseCode = code;

        Assert.Equal(expected, Evaluate(json, info));
    }

    [Theory]
    [InlineData("GE", 226, true)]
    [InlineData("GE", 227, false)]
    [InlineData("LE", 226, true)]
    [InlineData("EQ", 225, false)]
    public void DurationFilterComparesMilliseconds(string op, int value, bool expected)
    {
        var json = $$$"""{"duration_filter": {"comparison": {"op": "{{{op}}}", "value": {"default_value": {{{value}}}, "runtime_key": "k"} } } }""";

        Assert.Equal(expected, Evaluate(json, Sample.Info()));
    }

    [Fact]
    public void DurationFilterWithoutAStartIsFalse()
    {
        Assert.False(Evaluate("""{"duration_filter": {"comparison": {"op": "GE", "value": {"default_value": 0, "runtime_key": "k"}}}}""", new StreamInfo.StreamInfo()));
    }

    [Fact]
    public void NotHealthCheckTraceableAndMetadataFiltersHaveFixedAnswers()
    {
        Assert.True(Evaluate("""{"not_health_check_filter": {}}""", Sample.Info()));
        Assert.False(Evaluate("""{"traceable_filter": {}}""", Sample.Info()));
        Assert.True(Evaluate("""{"metadata_filter": {}}""", Sample.Info()));
        Assert.False(Evaluate("""{"metadata_filter": {"match_if_key_not_found": false}}""", Sample.Info()));
    }

    [Fact]
    public void RuntimeFilterSamplesByRequestIdUnlessIndependent()
    {
        // 0xcc21d9b0 = 3424770480, % 100 = 80.
        var info = Sample.Info();
        Assert.True(Evaluate("""{"runtime_filter": {"runtime_key": "k", "percent_sampled": {"numerator": 81}}}""", info));
        Assert.False(Evaluate("""{"runtime_filter": {"runtime_key": "k", "percent_sampled": {"numerator": 80}}}""", info));

        // 3424770480 % 10000 = 480.
        Assert.True(Evaluate("""{"runtime_filter": {"runtime_key": "k", "percent_sampled": {"numerator": 481, "denominator": "TEN_THOUSAND"}}}""", info));
        Assert.False(Evaluate("""{"runtime_filter": {"runtime_key": "k", "percent_sampled": {"numerator": 480, "denominator": "TEN_THOUSAND"}}}""", info));
    }

    [Fact]
    public void RuntimeFilterDefaultsToZeroPercent()
    {
        Assert.False(Evaluate("""{"runtime_filter": {"runtime_key": "k"}}""", Sample.Info()));
    }

    [Fact]
    public void RuntimeFilterUsesTheInjectedRandomnessWhenIndependent()
    {
        var filter = Create("""{"runtime_filter": {"runtime_key": "k", "percent_sampled": {"numerator": 50}, "use_independent_randomness": true}}""", new Random(3));
        var expected = new Random(3);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal((ulong)expected.NextInt64() % 100 < 50, filter.Evaluate(Sample.Info(), null, AccessLogType.DownstreamEnd));
        }
    }

    [Fact]
    public void AndOrFiltersCombine()
    {
        const string Ok = """{"status_code_filter": {"comparison": {"op": "EQ", "value": {"default_value": 204, "runtime_key": "k"}}}}""";
        const string No = """{"traceable_filter": {}}""";

        Assert.True(Evaluate($$$"""{"and_filter": {"filters": [{{{Ok}}}, {"not_health_check_filter": {}}]}}""", Sample.Info()));
        Assert.False(Evaluate($$$"""{"and_filter": {"filters": [{{{Ok}}}, {{{No}}}]}}""", Sample.Info()));
        Assert.True(Evaluate($$$"""{"or_filter": {"filters": [{{{No}}}, {{{Ok}}}]}}""", Sample.Info()));
        Assert.False(Evaluate($$$"""{"or_filter": {"filters": [{{{No}}}, {{{No}}}]}}""", Sample.Info()));
    }

    [Theory]
    [InlineData("""{"name": ":path", "string_match": {"prefix": "/api/"}}""", true)]
    [InlineData("""{"name": ":path", "string_match": {"prefix": "/API/", "ignore_case": true}}""", true)]
    [InlineData("""{"name": ":path", "string_match": {"prefix": "/API/"}}""", false)]
    [InlineData("""{"name": ":method", "string_match": {"exact": "POST"}}""", true)]
    [InlineData("""{"name": ":authority", "string_match": {"suffix": "ions"}}""", true)]
    [InlineData("""{"name": "user-agent", "string_match": {"contains": "2ht"}}""", true)]
    [InlineData("""{"name": "user-agent", "string_match": {"safe_regex": {"regex": "nsq[0-9]http"}}}""", true)]
    [InlineData("""{"name": "user-agent", "string_match": {"safe_regex": {"regex": "nsq"}}}""", false)]
    [InlineData("""{"name": "user-agent", "safe_regex_match": {"regex": "n.*p"}}""", true)]
    [InlineData("""{"name": "user-agent", "exact_match": "nsq2http"}""", true)]
    [InlineData("""{"name": "user-agent", "exact_match": ""}""", true)]
    [InlineData("""{"name": "user-agent", "prefix_match": "nsq"}""", true)]
    [InlineData("""{"name": "user-agent", "suffix_match": "xyz"}""", false)]
    [InlineData("""{"name": "user-agent", "contains_match": "q2h"}""", true)]
    [InlineData("""{"name": "user-agent", "contains_match": "q2h", "invert_match": true}""", false)]
    [InlineData("""{"name": "user-agent"}""", true)]
    [InlineData("""{"name": "x-missing"}""", false)]
    [InlineData("""{"name": "x-missing", "present_match": true}""", false)]
    [InlineData("""{"name": "x-missing", "present_match": false}""", true)]
    [InlineData("""{"name": "x-missing", "present_match": true, "invert_match": true}""", true)]
    [InlineData("""{"name": "user-agent", "present_match": false}""", false)]
    [InlineData("""{"name": "x-missing", "string_match": {"exact": ""}}""", false)]
    [InlineData("""{"name": "x-missing", "string_match": {"exact": ""}, "treat_missing_header_as_empty": true}""", true)]
    [InlineData("""{"name": "x-missing", "range_match": {"start": 0, "end": 10}, "invert_match": true}""", false)]
    [InlineData("""{"name": "x-missing", "range_match": {"start": 0, "end": 10}, "invert_match": true, "treat_missing_header_as_empty": true}""", true)]
    [InlineData("""{"name": "x-count", "range_match": {"start": -10, "end": 0}}""", true)]
    [InlineData("""{"name": "x-count", "range_match": {"start": -10, "end": -1}}""", false)]
    [InlineData("""{"name": "x-multi", "string_match": {"exact": "a,b"}}""", true)]
    public void HeaderFilterFollowsEnvoysHeaderMatching(string matcher, bool expected)
    {
        var http = Sample.Http();
        http.Request.Headers["x-count"] = "-1";
        http.Request.Headers["x-multi"] = new[] { "a", "b" };

        Assert.Equal(expected, EvaluateWith($$$"""{"header_filter": {"header": {{{matcher}}}}}""", Sample.Info(), http));
    }

    [Fact]
    public void HeaderFilterReadsRecordedRequestHeadersOfTcpLikeCalls()
    {
        var info = Sample.Info();
        info.RequestHeaders = new HeaderDictionary { ["x-tag"] = "blue" };

        Assert.True(EvaluateWith("""{"header_filter": {"header": {"name": "x-tag", "string_match": {"exact": "blue"}}}}""", info, http: null));
    }

    [Fact]
    public void ResponseFlagFilterMatchesListedOrAnyFlags()
    {
        var info = Sample.Info();
        Assert.False(Evaluate("""{"response_flag_filter": {}}""", info));

        info.SetResponseFlag(ResponseFlags.NoRouteFound);
        Assert.True(Evaluate("""{"response_flag_filter": {}}""", info));
        Assert.True(Evaluate("""{"response_flag_filter": {"flags": ["UH", "NR"]}}""", info));
        Assert.False(Evaluate("""{"response_flag_filter": {"flags": ["UH", "UF"]}}""", info));
    }

    [Fact]
    public void GrpcStatusFilterMatchesOrExcludes()
    {
        var info = Sample.Info();
        info.ResponseTrailers = new HeaderDictionary { ["grpc-status"] = "14" };

        Assert.True(Evaluate("""{"grpc_status_filter": {"statuses": ["UNAVAILABLE", "INTERNAL"]}}""", info));
        Assert.False(Evaluate("""{"grpc_status_filter": {"statuses": ["UNAVAILABLE"], "exclude": true}}""", info));
        Assert.False(Evaluate("""{"grpc_status_filter": {"statuses": ["OK"]}}""", info));
    }

    [Fact]
    public void GrpcStatusFilterTreatsMissingStatusAsMappedHttpStatusOrUnknown()
    {
        var info = Sample.Info();
        info.ResponseCode = 0;
        Assert.True(Evaluate("""{"grpc_status_filter": {"statuses": ["UNKNOWN"]}}""", info));

        info.ResponseCode = 404;
        Assert.True(Evaluate("""{"grpc_status_filter": {"statuses": ["UNIMPLEMENTED"]}}""", info));

        info.ResponseTrailers = new HeaderDictionary { ["grpc-status"] = "99" };
        Assert.False(Evaluate("""{"grpc_status_filter": {"statuses": ["UNIMPLEMENTED", "UNKNOWN"]}}""", info));
    }

    [Fact]
    public void LogTypeFilterMatchesOrExcludes()
    {
        var filter = Create("""{"log_type_filter": {"types": ["DownstreamEnd", "TcpConnectionEnd"]}}""");
        var exclude = Create("""{"log_type_filter": {"types": ["DownstreamStart"], "exclude": true}}""");

        Assert.True(filter.Evaluate(Sample.Info(), null, AccessLogType.DownstreamEnd));
        Assert.False(filter.Evaluate(Sample.Info(), null, AccessLogType.UpstreamPoolReady));
        Assert.True(exclude.Evaluate(Sample.Info(), null, AccessLogType.DownstreamEnd));
        Assert.False(exclude.Evaluate(Sample.Info(), null, AccessLogType.DownstreamStart));
    }

    [Theory]
    [InlineData("{}", "filter_specifier: value is required")]
    [InlineData("""{"status_code_filter": {}}""", "status_code_filter.comparison: value is required")]
    [InlineData("""{"status_code_filter": {"comparison": {"op": "GE", "value": {"default_value": 400}}}}""", "status_code_filter.comparison.value.runtime_key: value length must be at least 1 characters")]
    [InlineData("""{"runtime_filter": {}}""", "runtime_filter.runtime_key: value length must be at least 1 characters")]
    [InlineData("""{"and_filter": {"filters": [{"traceable_filter": {}}]}}""", "and_filter.filters: value must contain at least 2 item(s)")]
    [InlineData("""{"or_filter": {"filters": [{"traceable_filter": {}}, {"status_code_filter": {}}]}}""", "or_filter.filters[1]: status_code_filter.comparison: value is required")]
    [InlineData("""{"response_flag_filter": {"flags": ["UF", "XX"]}}""", "response_flag_filter.flags[1]: unknown response flag 'XX'")]
    [InlineData("""{"header_filter": {"header": {"name": "a", "safe_regex_match": {"regex": "a("}}}}""", "header_filter.header.safe_regex_match.regex: invalid regex 'a(': ")]
    [InlineData("""{"header_filter": {"header": {"name": "a", "string_match": {"prefix": ""}}}}""", "header_filter.header.string_match.prefix: value length must be at least 1 characters")]
    [InlineData("""{"header_filter": {"header": {"name": ""}}}""", "header_filter.header.name: value length must be at least 1 characters")]
    [InlineData("""{"extension_filter": {"name": "my.filter"}}""", "extension_filter: unsupported access log filter extension 'my.filter' ()")]
    public void InvalidFiltersAreRefused(string json, string messagePrefix)
    {
        var e = Assert.Throws<ConfigException>(() => Create(json));

        Assert.StartsWith(messagePrefix, e.Message, StringComparison.Ordinal);
    }

    private static IAccessLogFilter Create(string json, Random? random = null) =>
        AccessLogFilterFactory.Create(Json.Parse<AccessLogFilter>(json), new ManualTimeProvider(), random ?? new Random(1));

    private static bool Evaluate(string json, StreamInfo.StreamInfo info) => EvaluateWith(json, info, Sample.Http());

    private static bool EvaluateWith(string json, StreamInfo.StreamInfo info, HttpContext? http) =>
        Create(json).Evaluate(info, http, AccessLogType.DownstreamEnd);
}
