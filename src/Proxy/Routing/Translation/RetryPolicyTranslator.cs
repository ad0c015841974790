using Proxy.Routing.Actions;
using Pb = Envoy.Config.Route.V3;

namespace Proxy.Routing.Translation;

/// <summary>RetryPolicy and HedgePolicy into records, with Envoy's defaults and checks (<c>RetryPolicyImpl</c>).</summary>
internal static class RetryPolicyTranslator
{
    // The retry plugins Envoy ships, by name and by typed_config type; Envoy refuses any other.
    private static readonly HashSet<string> KnownHostPredicates = new(StringComparer.Ordinal)
    {
        "envoy.retry_host_predicates.previous_hosts",
        "envoy.retry_host_predicates.omit_canary_hosts",
        "envoy.retry_host_predicates.omit_host_metadata",
        "envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate",
        "envoy.extensions.retry.host.omit_canary_hosts.v3.OmitCanaryHostsPredicate",
        "envoy.extensions.retry.host.omit_host_metadata.v3.OmitHostMetadataConfig",
    };

    private static readonly HashSet<string> KnownPriorities = new(StringComparer.Ordinal)
    {
        "envoy.retry_priorities.previous_priorities",
        "envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig",
    };

    public static RetryPolicy Translate(Pb.RetryPolicy policy, string at)
    {
        if (policy.RetryOptionsPredicates.Count > 0)
        {
            throw ProtoValues.Error(at + ".retry_options_predicates[0]", $"retry options predicate '{policy.RetryOptionsPredicates[0].Name}' is not supported");
        }

        var hostPredicates = new List<RetryExtension>(policy.RetryHostPredicate.Count);
        for (int i = 0; i < policy.RetryHostPredicate.Count; i++)
        {
            var predicate = policy.RetryHostPredicate[i];
            hostPredicates.Add(Extension(predicate.Name, predicate.TypedConfig?.TypeUrl, KnownHostPredicates, $"{at}.retry_host_predicate[{i}]", "retry host predicate"));
        }

        RetryExtension? priority = null;
        if (policy.RetryPriority is { Name.Length: > 0 } retryPriority)
        {
            priority = Extension(retryPriority.Name, retryPriority.TypedConfig?.TypeUrl, KnownPriorities, at + ".retry_priority", "retry priority");
        }

        var codes = new int[policy.RetriableStatusCodes.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = (int)policy.RetriableStatusCodes[i];
        }

        return new RetryPolicy
        {
            RetryOn = ParseRetryOn(policy.RetryOn),
            NumRetries = policy.NumRetries ?? 1,
            PerTryTimeout = NonZero(policy.PerTryTimeout, at + ".per_try_timeout"),
            PerTryIdleTimeout = NonZero(policy.PerTryIdleTimeout, at + ".per_try_idle_timeout"),
            RetriableStatusCodes = codes,
            RetryHostPredicates = hostPredicates,
            RetryPriority = priority,
            HostSelectionRetryMaxAttempts = policy.HostSelectionRetryMaxAttempts != 0 ? policy.HostSelectionRetryMaxAttempts : 1,
            BackOff = policy.RetryBackOff is { } backOff ? BackOff(backOff, at + ".retry_back_off") : RetryBackOff.Default,
            RateLimitedBackOff = policy.RateLimitedRetryBackOff is { } rateLimited ? RateLimited(rateLimited, at + ".rate_limited_retry_back_off") : null,
            RetriableHeaders = MatchTranslator.Headers(policy.RetriableHeaders, at + ".retriable_headers"),
            RetriableRequestHeaders = MatchTranslator.Headers(policy.RetriableRequestHeaders, at + ".retriable_request_headers"),
        };
    }

    public static HedgePolicy Hedge(Pb.HedgePolicy policy, string at)
    {
        if (policy.InitialRequests is 0)
        {
            throw ProtoValues.Error(at + ".initial_requests", "must be at least 1");
        }

        return new HedgePolicy
        {
            InitialRequests = policy.InitialRequests ?? 1,
            AdditionalRequestChance = policy.AdditionalRequestChance is { } chance ? ProtoValues.ToFraction(chance, at + ".additional_request_chance") : null,
            HedgeOnPerTryTimeout = policy.HedgeOnPerTryTimeout,
        };
    }

    /// <summary>Comma-separated x-envoy-retry-on / x-envoy-retry-grpc-on names; unknown names are ignored as in Envoy.</summary>
    public static RetryOn ParseRetryOn(string value)
    {
        RetryOn result = RetryOn.None;
        foreach (Range range in value.AsSpan().Split(','))
        {
            ReadOnlySpan<char> name = value.AsSpan()[range].Trim();
            result |= name switch
            {
                "5xx" => RetryOn.FiveXx,
                "gateway-error" => RetryOn.GatewayError,
                "reset" => RetryOn.Reset,
                "reset-before-request" => RetryOn.ResetBeforeRequest,
                "connect-failure" => RetryOn.ConnectFailure,
                "envoy-ratelimited" => RetryOn.EnvoyRateLimited,
                "retriable-4xx" => RetryOn.Retriable4xx,
                "refused-stream" => RetryOn.RefusedStream,
                "retriable-status-codes" => RetryOn.RetriableStatusCodes,
                "retriable-headers" => RetryOn.RetriableHeaders,
                "http3-post-connect-failure" => RetryOn.Http3PostConnectFailure,
                "cancelled" => RetryOn.GrpcCancelled,
                "deadline-exceeded" => RetryOn.GrpcDeadlineExceeded,
                "resource-exhausted" => RetryOn.GrpcResourceExhausted,
                "unavailable" => RetryOn.GrpcUnavailable,
                "internal" => RetryOn.GrpcInternal,
                _ => RetryOn.None,
            };
        }

        return result;
    }

    private static RetryBackOff BackOff(Pb.RetryPolicy.Types.RetryBackOff backOff, string at)
    {
        if (backOff.BaseInterval is null)
        {
            throw ProtoValues.Error(at + ".base_interval", "required");
        }

        TimeSpan baseInterval = ProtoValues.ToTimeSpan(backOff.BaseInterval, at + ".base_interval");
        if (baseInterval <= TimeSpan.Zero)
        {
            throw ProtoValues.Error(at + ".base_interval", "must be greater than 0");
        }

        // Envoy rounds sub-millisecond intervals up to 1 ms, the base first, then the maximum.
        baseInterval = AtLeastOneMillisecond(baseInterval);
        TimeSpan maxInterval = baseInterval * 10;
        if (backOff.MaxInterval is { } max)
        {
            maxInterval = ProtoValues.ToTimeSpan(max, at + ".max_interval");
            if (maxInterval <= TimeSpan.Zero)
            {
                throw ProtoValues.Error(at + ".max_interval", "must be greater than 0");
            }

            maxInterval = AtLeastOneMillisecond(maxInterval);
            if (maxInterval < baseInterval)
            {
                throw ProtoValues.Error(at + ".max_interval", "retry_policy.max_interval must greater than or equal to the base_interval");
            }
        }

        return new RetryBackOff { BaseInterval = baseInterval, MaxInterval = maxInterval };
    }

    private static RateLimitedRetryBackOff RateLimited(Pb.RetryPolicy.Types.RateLimitedRetryBackOff backOff, string at)
    {
        if (backOff.ResetHeaders.Count == 0)
        {
            throw ProtoValues.Error(at + ".reset_headers", "at least one reset header is required");
        }

        var headers = new ResetHeader[backOff.ResetHeaders.Count];
        for (int i = 0; i < headers.Length; i++)
        {
            var header = backOff.ResetHeaders[i];
            headers[i] = new ResetHeader(
                ProtoValues.HeaderName(header.Name, $"{at}.reset_headers[{i}].name"),
                header.Format == Pb.RetryPolicy.Types.ResetHeaderFormat.UnixTimestamp);
        }

        TimeSpan maxInterval = TimeSpan.FromSeconds(300);
        if (backOff.MaxInterval is { } max)
        {
            maxInterval = ProtoValues.ToTimeSpan(max, at + ".max_interval");
            if (maxInterval <= TimeSpan.Zero)
            {
                throw ProtoValues.Error(at + ".max_interval", "must be greater than 0");
            }

            maxInterval = AtLeastOneMillisecond(maxInterval);
        }

        return new RateLimitedRetryBackOff { ResetHeaders = headers, MaxInterval = maxInterval };
    }

    private static RetryExtension Extension(string name, string? typeUrl, HashSet<string> known, string at, string what)
    {
        string? typeName = typeUrl is null ? null : typeUrl.Substring(typeUrl.LastIndexOf('/') + 1);
        if (!known.Contains(name) && (typeName is null || !known.Contains(typeName)))
        {
            throw ProtoValues.Error(at, $"no {what} implementation for '{name}'{(typeUrl is null ? string.Empty : $" (type '{typeUrl}')")}");
        }

        return new RetryExtension(name, typeUrl);
    }

    private static TimeSpan? NonZero(Google.Protobuf.WellKnownTypes.Duration? duration, string at)
    {
        if (duration is null)
        {
            return null;
        }

        TimeSpan value = ProtoValues.TruncateToMilliseconds(ProtoValues.ToTimeSpan(duration, at));
        return value == TimeSpan.Zero ? null : value;
    }

    private static TimeSpan AtLeastOneMillisecond(TimeSpan value)
    {
        TimeSpan truncated = ProtoValues.TruncateToMilliseconds(value);
        return truncated < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : truncated;
    }
}
