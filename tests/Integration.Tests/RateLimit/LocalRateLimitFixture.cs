using Proxy.Integration.Tests.Infrastructure;

namespace Proxy.Integration.Tests.RateLimit;

/// <summary>
/// One HTTP listener with the local rate limit filter: a default bucket of 3 per hour, a "vip" descriptor
/// bucket of 1 fed by the /echo/vip route's rate_limits (header x-tier: vip), and a per-route config on
/// /echo/route-limited with its own bucket of 1 and stat prefix "route". Buckets never refill during a run.
/// </summary>
public sealed class LocalRateLimitFixture : ProxyFixture
{
    protected override async Task<string> PrepareAsync()
    {
        var upstream = Own(await TestUpstream.StartAsync("a"));
        return Bootstraps.Server(Bootstraps.HttpListener("rl", Port, Routes, httpFiltersYaml: Filter), Bootstraps.StaticCluster("a", ports: upstream.Port));
    }

    private const string Filter = """
- name: envoy.filters.http.local_ratelimit
  typed_config:
    "@type": type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
    stat_prefix: edge
    token_bucket: { max_tokens: 3, tokens_per_fill: 3, fill_interval: 3600s }
    filter_enabled: { default_value: { numerator: 100 } }
    filter_enforced: { default_value: { numerator: 100 } }
    enable_x_ratelimit_headers: DRAFT_VERSION_03
    always_consume_default_token_bucket: false
    response_headers_to_add: [{ header: { key: x-limited, value: "yes" } }]
    descriptors:
    - entries: [{ key: header_match, value: vip }]
      token_bucket: { max_tokens: 1, fill_interval: 3600s }
""";

    private const string Routes = """
- name: all
  domains: ["*"]
  routes:
  - match: { prefix: /echo/vip }
    route:
      cluster: a
      rate_limits: [{ actions: [{ header_value_match: { descriptor_value: vip, headers: [{ name: x-tier, string_match: { exact: vip } }] } }] }]
  - match: { prefix: /echo/route-limited }
    route: { cluster: a }
    typed_per_filter_config:
      envoy.filters.http.local_ratelimit:
        "@type": type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
        stat_prefix: route
        token_bucket: { max_tokens: 1, fill_interval: 3600s }
        filter_enabled: { default_value: { numerator: 100 } }
        filter_enforced: { default_value: { numerator: 100 } }
  - match: { prefix: / }
    route: { cluster: a }
""";
}
