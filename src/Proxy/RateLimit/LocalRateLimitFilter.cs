using System.Globalization;
using System.Net;
using Envoy.Config.Core.V3;
using Microsoft.AspNetCore.Http;
using Proxy.Filters.Http;
using Proxy.Filters.StreamInfo;
using Proxy.Routing;

namespace Proxy.RateLimit;

/// <summary>
/// envoy.filters.http.local_ratelimit, per Envoy's filter:
/// 1. the route's LocalRateLimit replaces the filter's; filter_enabled decides whether it runs (counted <c>enabled</c>);
/// 2. request descriptors come from the config's rate_limits, else from the route's rate_limits of the same stage;
/// 3. matching descriptors' buckets and the default bucket decide (<see cref="LocalRateLimitSettings.Allow"/>);
/// 4. allowed: <c>ok</c>; limited: <c>rate_limited</c>, and when filter_enforced says so, <c>enforced</c> and a
///    local reply with <c>status</c> (429), body "local_rate_limited", response flag RL and the configured
///    response headers; otherwise request_headers_to_add_when_not_enforced are added and the request goes on;
/// 5. with DRAFT_VERSION_03, the response (local or upstream) carries x-ratelimit-limit, -remaining and -reset.
/// </summary>
internal sealed class LocalRateLimitFilter : IHttpFilter
{
    private readonly LocalRateLimitSettings _settings;
    private readonly string _localCluster;
    private readonly Random _random;
    private readonly string _stateKey;

    public LocalRateLimitFilter(string name, LocalRateLimitSettings settings, string localCluster, Random random)
    {
        _settings = settings;
        _localCluster = localCluster;
        _random = random;
        _stateKey = "envoy.filters.http.local_ratelimit." + name;
    }

    public ValueTask<FilterStatus> OnRequestAsync(HttpFilterContext context)
    {
        // 1. Which config, and whether it runs.
        var settings = context.RouteConfig as LocalRateLimitSettings ?? _settings;
        if (!Sample(settings.EnabledFraction))
        {
            return ValueTask.FromResult(FilterStatus.Continue);
        }

        settings.Stats.Enabled.Inc();

        // 2. + 3. Descriptors and buckets.
        var allowed = settings.Allow(Descriptors(context, settings), out var bucket);
        if (settings.XRateLimitHeaders && bucket is not null)
        {
            context.StreamInfo.FilterState[_stateKey] = bucket;
        }

        // 4. The verdict.
        if (allowed)
        {
            settings.Stats.Ok.Inc();
            return ValueTask.FromResult(FilterStatus.Continue);
        }

        settings.Stats.RateLimited.Inc();
        if (!Sample(settings.EnforcedFraction))
        {
            Apply(context.Http.Request.Headers, settings.RequestHeadersToAddWhenNotEnforced);
            return ValueTask.FromResult(FilterStatus.Continue);
        }

        settings.Stats.Enforced.Inc();
        var headers = new List<KeyValuePair<string, string>>(settings.ResponseHeadersToAdd.Count);
        foreach (var option in settings.ResponseHeadersToAdd)
        {
            headers.Add(new(option.Header.Key.ToLowerInvariant(), option.Header.Value));
        }

        context.SendLocalReply(new LocalReply(settings.Status, "local_rate_limited", ResponseFlags.RateLimited, "local_rate_limited") { Headers = headers });
        return ValueTask.FromResult(FilterStatus.StopIteration);
    }

    /// <summary>5. The x-ratelimit headers of the bucket that decided (IETF draft-03).</summary>
    public void OnResponse(HttpFilterContext context)
    {
        if (!context.StreamInfo.HasFilterState || !context.StreamInfo.FilterState.Remove(_stateKey, out var state) || state is not TokenBucket bucket)
        {
            return;
        }

        var (remaining, reset) = bucket.Snapshot();
        var headers = context.Http.Response.Headers;
        headers["x-ratelimit-limit"] = bucket.MaxTokens.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset"] = reset.ToString(CultureInfo.InvariantCulture);
    }

    private List<List<DescriptorEntry>>? Descriptors(HttpFilterContext context, LocalRateLimitSettings settings)
    {
        var route = context.Route as RouteEntry;
        var rules = settings.Rules ?? (IReadOnlyList<RateLimitRule>?)route?.RouteAction?.RateLimits;
        if (rules is null || rules.Count == 0)
        {
            return null;
        }

        var source = new DescriptorSource(
            RequestView.OfFilter(context),
            (context.StreamInfo.DownstreamRemoteAddress as IPEndPoint)?.Address,
            route?.RouteAction?.Cluster,
            _localCluster);
        List<List<DescriptorEntry>>? result = null;
        foreach (var rule in rules)
        {
            if ((settings.Rules is not null || rule.Stage == settings.Stage) && rule.Build(source) is { } descriptor)
            {
                (result ??= []).Add(descriptor);
            }
        }

        return result;
    }

    private bool Sample(double fraction) => fraction >= 1 || (fraction > 0 && _random.NextDouble() < fraction);

    private static void Apply(IHeaderDictionary headers, IReadOnlyList<HeaderValueOption> options)
    {
        foreach (var option in options)
        {
            headers.Append(option.Header.Key, option.Header.Value);
        }
    }
}
