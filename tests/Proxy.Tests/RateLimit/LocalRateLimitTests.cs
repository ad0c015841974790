using Google.Protobuf;
using Proxy.Filters.Extensions;
using Proxy.RateLimit;
using Proxy.Stats;
using Proxy.Tests.Routing;
using Proxy.Tests.Upstream.TestSupport;
using Proxy.Xds.Json;
using LocalRateLimitProto = Envoy.Extensions.Filters.Http.LocalRatelimit.V3.LocalRateLimit;
using RateLimitProto = Envoy.Config.Route.V3.RateLimit;

namespace Proxy.Tests.RateLimit;

/// <summary>Token buckets, descriptors and their translation as Envoy's local rate limiter has them.</summary>
public sealed class LocalRateLimitTests
{
    private readonly FakeTimeProvider _time = new();

    private LocalRateLimitSettings Translate(string yaml, params RateLimitProto[] rateLimits)
    {
        var proto = new ProtoJsonReader().Parse(EnvoyJson.YamlToJson(yaml), LocalRateLimitProto.Parser, LocalRateLimitFilterFactory.Type);
        var wire = proto.ToByteArray().ToList();
        foreach (var rateLimit in rateLimits)
        {
            // Field 17 (rate_limits), newer than the pinned API, as a newer control plane puts it on the wire.
            var bytes = rateLimit.ToByteArray();
            wire.AddRange([(17 << 3 | 2) & 0x7F | 0x80, (17 << 3 | 2) >> 7]);
            wire.AddRange(CodedVarint(bytes.Length));
            wire.AddRange(bytes);
        }

        return LocalRateLimitTranslator.Translate(proto, ByteString.CopyFrom([.. wire]), new StatsStore(), _time);
    }

    private static byte[] CodedVarint(int value)
    {
        var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteInt32(value);
        output.Flush();
        return stream.ToArray();
    }

    private static List<List<DescriptorEntry>> Request(params (string Key, string Value)[] entries) =>
        [[.. entries.Select(e => new DescriptorEntry(e.Key, e.Value))]];

    [Fact]
    public void TheBucketStartsFullAndRefillsPerInterval()
    {
        var bucket = new TokenBucket(2, 1, TimeSpan.FromSeconds(10), _time);

        Assert.True(bucket.TryConsume());
        Assert.True(bucket.TryConsume());
        Assert.False(bucket.TryConsume());
        Assert.Equal((0, 10), bucket.Snapshot());
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(bucket.TryConsume());
        Assert.Equal((0, 1), bucket.Snapshot());
        _time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal((2, 6), bucket.Snapshot());
    }

    [Fact]
    public void MatchingDescriptorsUseTheirBucketAndOthersTheDefault()
    {
        var settings = Translate("""
            stat_prefix: rl
            token_bucket: { max_tokens: 2, tokens_per_fill: 2, fill_interval: 60s }
            always_consume_default_token_bucket: false
            descriptors:
            - entries: [{ key: user, value: one }]
              token_bucket: { max_tokens: 1, fill_interval: 3600s }
            - entries: [{ key: user, value: "" }]
              token_bucket: { max_tokens: 3, fill_interval: 3600s }
            """);

        Assert.True(settings.Allow(Request(("user", "one")), out var first));
        Assert.False(settings.Allow(Request(("user", "one")), out var second));
        Assert.Same(first, second);
        Assert.Equal(1, first!.MaxTokens);

        // Any other user shares the wildcard descriptor's 3 tokens; requests without descriptors use the default 2.
        Assert.True(settings.Allow(Request(("user", "two")), out _));
        Assert.True(settings.Allow(null, out var fallback));
        Assert.True(settings.Allow(null, out _));
        Assert.False(settings.Allow(null, out _));
        Assert.Equal(2, fallback!.MaxTokens);
    }

    [Fact]
    public void TheDefaultBucketIsAlsoConsumedUnlessToldOtherwise()
    {
        var settings = Translate("""
            stat_prefix: rl
            token_bucket: { max_tokens: 1, fill_interval: 60s }
            descriptors: [{ entries: [{ key: k, value: v }], token_bucket: { max_tokens: 5, fill_interval: 60s } }]
            """);

        Assert.True(settings.Allow(Request(("k", "v")), out _));
        Assert.False(settings.Allow(Request(("k", "v")), out _));
    }

    [Fact]
    public void RateLimitsFromTheWireBuildDescriptorsFromTheRequest()
    {
        var rateLimit = new ProtoJsonReader().Parse(EnvoyJson.YamlToJson("""
            actions:
            - header_value_match: { descriptor_key: m0, descriptor_value: v0, headers: [{ name: x-user-id, string_match: { exact: one } }] }
            - masked_remote_address: { v4_prefix_mask_len: 16 }
            - generic_key: { descriptor_value: g }
            """), RateLimitProto.Parser, "envoy.config.route.v3.RateLimit");
        var settings = Translate("stat_prefix: rl\ndescriptors: [{ entries: [{ key: m0, value: v0 }, { key: masked_remote_address, value: 192.168.0.0/16 }, { key: generic_key, value: g }], token_bucket: { max_tokens: 1, fill_interval: 60s } }]", rateLimit);

        var rule = Assert.Single(settings.Rules!);
        var matching = new DescriptorSource(Routes.Request("/", headers: ("x-user-id", "one")), System.Net.IPAddress.Parse("192.168.7.9"), "c", "local");
        var other = new DescriptorSource(Routes.Request("/", headers: ("x-user-id", "two")), System.Net.IPAddress.Parse("192.168.7.9"), "c", "local");

        var descriptor = rule.Build(matching);
        Assert.Equal([new("m0", "v0"), new("masked_remote_address", "192.168.0.0/16"), new("generic_key", "g")], descriptor);
        Assert.Null(rule.Build(other));
        Assert.True(settings.Allow([descriptor!], out _));
        Assert.False(settings.Allow([descriptor!], out _));
    }

    [Fact]
    public void FractionsUseTheirDefaultValue()
    {
        var settings = Translate("stat_prefix: rl\nfilter_enabled: { default_value: { numerator: 100 } }\nfilter_enforced: { default_value: { numerator: 5000, denominator: TEN_THOUSAND } }");

        Assert.Equal(1.0, settings.EnabledFraction);
        Assert.Equal(0.5, settings.EnforcedFraction);
        Assert.Equal(0.0, Translate("stat_prefix: rl").EnabledFraction);
        Assert.Equal(429, settings.Status);
    }

    [Theory]
    [InlineData("token_bucket: { max_tokens: 1, fill_interval: 60s }", "stat_prefix: must not be empty")]
    [InlineData("stat_prefix: rl\ntoken_bucket: { max_tokens: 1, fill_interval: 0.01s }", "token_bucket.fill_interval: must be at least 50ms")]
    [InlineData("stat_prefix: rl\ntoken_bucket: { max_tokens: 0, fill_interval: 1s }", "token_bucket.max_tokens: must be greater than 0")]
    [InlineData("stat_prefix: rl\ndescriptors: [{ entries: [{ key: a, value: b }] }]", "descriptors[0].token_bucket: required")]
    [InlineData("stat_prefix: rl\nlocal_rate_limit_per_downstream_connection: true", "local_rate_limit_per_downstream_connection: per-connection buckets are not supported")]
    public void InvalidConfigsNameTheField(string yaml, string expected) =>
        Assert.Equal(expected, Assert.Throws<ConfigException>(() => Translate(yaml)).Message);

    [Fact]
    public void AnActionNewerThanTheApiIsRefused()
    {
        // An Action whose only field is unknown to the pinned API (e.g. Envoy Gateway's remote_address_match).
        var action = new RateLimitProto.Types.Action();
        action.MergeFrom(new byte[] { 13 << 3 | 2, 0 });
        var rateLimit = new RateLimitProto { Actions = { action } };

        var error = Assert.Throws<ConfigException>(() => Translate("stat_prefix: rl", rateLimit)).Message;

        Assert.StartsWith("rate_limits[0].actions[0]: an action is required (types newer than this proxy's API", error);
    }
}
